namespace Fleet.FileProcessor.Storage;

/// <summary>
/// The real path of a file, as realpath(3) gives it: every symbolic link on the way resolved, <c>.</c> and <c>..</c>
/// folded. Components that do not exist are kept as written (a missing file still has a place to be checked against
/// the root).
/// </summary>
internal static class PathCanonicalizer
{
    // As Linux's MAXSYMLINKS: a cycle of links ends here instead of looping.
    private const int MaxLinks = 40;

    public static string Canonicalize(string path)
    {
        var full = Path.GetFullPath(path);
        var root = Path.GetPathRoot(full) ?? throw new ArgumentException($"'{path}' has no root.", nameof(path));
        var pending = new Stack<string>(Split(full[root.Length..]).Reverse());
        var current = root;
        var links = 0;
        while (pending.TryPop(out var part))
        {
            var next = Path.Combine(current, part);
            var target = LinkTarget(next);
            if (target is null)
            {
                current = next;
                continue;
            }

            if (++links > MaxLinks)
            {
                throw new IOException($"Too many levels of symbolic links under '{path}'.");
            }

            // A link's target replaces the link: relative to the link's directory, or absolute from the root.
            var resolved = Path.GetFullPath(target, current);
            foreach (var rest in Split(resolved[(Path.GetPathRoot(resolved) ?? root).Length..]).Reverse())
            {
                pending.Push(rest);
            }

            current = Path.GetPathRoot(resolved) ?? root;
        }

        return current;
    }

    // readlink(2) of the path itself (lstat, not following it): null for a regular file or directory, or nothing there.
    private static string? LinkTarget(string path) => new FileInfo(path).LinkTarget;

    private static string[] Split(string relative) =>
        relative.Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries);
}
