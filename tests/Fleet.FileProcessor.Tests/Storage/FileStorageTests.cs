using Fleet.Contracts;
using Fleet.FileProcessor.Storage;
using Microsoft.Extensions.Options;

namespace Fleet.FileProcessor.Tests.Storage;

/// <summary>Only files whose real path lies under the storage root are read; missing and oversized files are refused.</summary>
public sealed class FileStorageTests : IDisposable
{
    private readonly DirectoryInfo _top = Directory.CreateTempSubdirectory("fleet-fp-storage-");
    private readonly string _root;
    private readonly string _outside;

    public FileStorageTests()
    {
        _root = Directory.CreateDirectory(Path.Combine(_top.FullName, "root")).FullName;
        _outside = Directory.CreateDirectory(Path.Combine(_top.FullName, "outside")).FullName;
        Directory.CreateDirectory(Path.Combine(_root, "user-1"));
        File.WriteAllText(Path.Combine(_root, "user-1", "inside.txt"), "inside");
        File.WriteAllText(Path.Combine(_outside, "secret.txt"), "secret");
        File.CreateSymbolicLink(Path.Combine(_root, "user-1", "link-out.txt"), Path.Combine(_outside, "secret.txt"));
        Directory.CreateSymbolicLink(Path.Combine(_root, "dir-out"), _outside);
        Directory.CreateSymbolicLink(Path.Combine(_root, "dir-in"), Path.Combine(_root, "user-1"));
        File.CreateSymbolicLink(Path.Combine(_root, "user-1", "relative-in.txt"), "inside.txt");
    }

    public void Dispose() => _top.Delete(recursive: true);

    [Theory]
    [InlineData("user-1/inside.txt")]
    [InlineData("dir-in/inside.txt")]
    [InlineData("user-1/relative-in.txt")]
    [InlineData("user-1/../user-1/./inside.txt")]
    public async Task ReadAsync_FileUnderTheRoot_ReturnsItsBytes(string relative)
    {
        var bytes = await Storage().ReadAsync(Upload(new Uri(_root + "/" + relative).AbsoluteUri), TestContext.Current.CancellationToken);

        Assert.Equal("inside"u8.ToArray(), bytes);
    }

    [Theory]
    [InlineData("user-1/link-out.txt")]
    [InlineData("dir-out/secret.txt")]
    [InlineData("user-1/../../outside/secret.txt")]
    [InlineData("../root-sibling.txt")]
    public void Resolve_PathOutsideTheRoot_IsRefused(string relative)
    {
        var uri = "file://" + _root + "/" + relative;

        var error = Assert.Throws<FileProcessingException>(() => Storage().Resolve(uri));

        Assert.Equal(FailureReasons.OutsideStorage, error.Reason);
    }

    [Fact]
    public void Resolve_RootItself_IsRefused()
    {
        var error = Assert.Throws<FileProcessingException>(() => Storage().Resolve(new Uri(_root).AbsoluteUri));

        Assert.Equal(FailureReasons.OutsideStorage, error.Reason);
    }

    [Fact]
    public void Resolve_RootPrefixOfASibling_IsRefused()
    {
        // /tmp/x/root-evil starts with the characters of /tmp/x/root but is not under it.
        Directory.CreateDirectory(_root + "-evil");
        File.WriteAllText(Path.Combine(_root + "-evil", "a.txt"), "a");

        var error = Assert.Throws<FileProcessingException>(() => Storage().Resolve(new Uri(Path.Combine(_root + "-evil", "a.txt")).AbsoluteUri));

        Assert.Equal(FailureReasons.OutsideStorage, error.Reason);
    }

    [Theory]
    [InlineData("https://example.com/file.txt")]
    [InlineData("s3://bucket/file.txt")]
    [InlineData("file://fileserver/share/file.txt")]
    [InlineData("user-1/inside.txt")]
    [InlineData("/absolute/but/not/a/uri.txt")]
    public void Resolve_NotALocalFileUri_IsRefused(string uri)
    {
        var error = Assert.Throws<FileProcessingException>(() => Storage().Resolve(uri));

        Assert.Equal(FailureReasons.OutsideStorage, error.Reason);
    }

    [Fact]
    public async Task ReadAsync_NoSuchFile_IsMissing()
    {
        var error = await Assert.ThrowsAsync<FileProcessingException>(() =>
            Storage().ReadAsync(Upload(new Uri(Path.Combine(_root, "user-1", "gone.txt")).AbsoluteUri), TestContext.Current.CancellationToken));

        Assert.Equal(FailureReasons.Missing, error.Reason);
    }

    [Fact]
    public async Task ReadAsync_Directory_IsMissing()
    {
        var error = await Assert.ThrowsAsync<FileProcessingException>(() =>
            Storage().ReadAsync(Upload(new Uri(Path.Combine(_root, "user-1")).AbsoluteUri), TestContext.Current.CancellationToken));

        Assert.Equal(FailureReasons.Missing, error.Reason);
    }

    [Fact]
    public async Task ReadAsync_ActualSizeOverTheLimit_IsTooLarge()
    {
        var path = Path.Combine(_root, "user-1", "big.txt");
        await File.WriteAllBytesAsync(path, new byte[101], TestContext.Current.CancellationToken);

        // Declared small, actually large: the actual size counts.
        var error = await Assert.ThrowsAsync<FileProcessingException>(() =>
            Storage(maxBytes: 100).ReadAsync(Upload(new Uri(path).AbsoluteUri, size: 10), TestContext.Current.CancellationToken));

        Assert.Equal(FailureReasons.TooLarge, error.Reason);
        Assert.Contains("actual size of 101 bytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_DeclaredSizeOverTheLimit_IsTooLarge()
    {
        var error = await Assert.ThrowsAsync<FileProcessingException>(() =>
            Storage(maxBytes: 100).ReadAsync(Upload(new Uri(Path.Combine(_root, "user-1", "inside.txt")).AbsoluteUri, size: 5000), TestContext.Current.CancellationToken));

        Assert.Equal(FailureReasons.TooLarge, error.Reason);
        Assert.Contains("declared size of 5000 bytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_ExactlyAtTheLimit_IsRead()
    {
        var path = Path.Combine(_root, "user-1", "limit.txt");
        await File.WriteAllBytesAsync(path, new byte[100], TestContext.Current.CancellationToken);

        var bytes = await Storage(maxBytes: 100).ReadAsync(Upload(new Uri(path).AbsoluteUri, size: 100), TestContext.Current.CancellationToken);

        Assert.Equal(100, bytes.Length);
    }

    private FileStorage Storage(long maxBytes = 1024) =>
        new(Options.Create(new FileProcessorOptions { StorageRoot = _root, MaxFileBytes = maxBytes }));

    private static FileUploaded Upload(string uri, long size = 6) =>
        new("01JD0000000000000000000000", "user-1", "file.txt", size, "text/plain", uri);
}
