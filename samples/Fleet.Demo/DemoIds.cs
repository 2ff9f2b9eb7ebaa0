using NUlid;

namespace Fleet.Demo;

/// <summary>The demo's only use of the ULID type, in one place: new file ids and correlation ids.</summary>
internal static class DemoIds
{
    public static string NewId() => Ulid.NewUlid().ToString();

    public static Ulid Parse(string id) => Ulid.Parse(id);

    public static Ulid NewCorrelationId() => Ulid.NewUlid();
}
