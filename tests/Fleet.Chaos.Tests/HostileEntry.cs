namespace Fleet.Chaos.Tests;

/// <summary>A raw entry no Fleet publisher would write: its kind, and its fields as bytes, in order, exactly as sent with XADD.</summary>
internal sealed record HostileEntry(string Kind, IReadOnlyList<(byte[] Name, byte[] Value)> Fields);
