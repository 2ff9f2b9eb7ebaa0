using System.Buffers;
using System.Buffers.Text;
using System.Text;

namespace Fleet.Redis.Protocol;

/// <summary>
/// Serialises one command as a RESP array of bulk strings (the only form Redis accepts from clients)
/// into a pooled buffer. A command writes its own arguments; the connection copies the finished
/// bytes into its socket buffer, so the caller's arguments are not needed after the call returns.
/// </summary>
internal sealed class CommandWriter
{
    private const int InitialSize = 512;

    [ThreadStatic]
    private static CommandWriter? t_cached;

    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(InitialSize);
    private int _length;
    private int _argumentsLeft;

    /// <summary>The command bytes written so far.</summary>
    public ReadOnlySpan<byte> Written => _buffer.AsSpan(0, _length);

    /// <summary>The command's name, for error messages (the first argument).</summary>
    public string CommandName { get; private set; } = string.Empty;

    /// <summary>Takes a writer from this thread's cache, or a new one.</summary>
    public static CommandWriter Rent()
    {
        var writer = t_cached ?? new CommandWriter();
        t_cached = null;
        return writer;
    }

    /// <summary>Starts a command of <paramref name="argumentCount"/> parts, the name included.</summary>
    public static CommandWriter Start(string command, int argumentCount)
    {
        var writer = Rent();
        writer.Begin(command, argumentCount);
        return writer;
    }

    /// <summary>Gives the writer back for reuse; a writer that grew very large returns its buffer instead.</summary>
    public void Return()
    {
        _length = 0;
        _argumentsLeft = 0;
        CommandName = string.Empty;
        if (_buffer.Length > 64 * 1024)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = ArrayPool<byte>.Shared.Rent(InitialSize);
        }

        t_cached = this;
    }

    /// <summary>Writes the array header and the command name.</summary>
    public void Begin(string command, int argumentCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(argumentCount, 1);
        CommandName = command;
        _argumentsLeft = argumentCount;
        Ensure(16);
        _buffer[_length++] = (byte)'*';
        WriteNumber(argumentCount);
        WriteCrlf();
        Write(command);
    }

    /// <summary>Checks that the command wrote as many arguments as its header announced.</summary>
    public void Complete()
    {
        if (_argumentsLeft != 0)
        {
            throw new InvalidOperationException($"Command {CommandName} announced {_argumentsLeft} more argument(s) than it wrote.");
        }
    }

    /// <summary>Writes an argument of UTF-8 text.</summary>
    public void Write(string text)
    {
        var count = Encoding.UTF8.GetByteCount(text);
        WriteBulkHeader(count);
        _length += Encoding.UTF8.GetBytes(text, _buffer.AsSpan(_length));
        WriteCrlf();
    }

    /// <summary>Writes an argument of raw bytes (e.g. a <c>"XADD"u8</c> literal).</summary>
    public void Write(ReadOnlySpan<byte> bytes)
    {
        WriteBulkHeader(bytes.Length);
        bytes.CopyTo(_buffer.AsSpan(_length));
        _length += bytes.Length;
        WriteCrlf();
    }

    /// <summary>Writes an integer argument.</summary>
    public void Write(long number)
    {
        Span<byte> digits = stackalloc byte[20];
        Utf8Formatter.TryFormat(number, digits, out var written);
        Write(digits[..written]);
    }

    /// <summary>Writes a binary-safe value argument.</summary>
    public void Write(RedisValue value)
    {
        var count = value.GetByteCount();
        WriteBulkHeader(count);
        _length += value.CopyTo(_buffer.AsSpan(_length, count));
        WriteCrlf();
    }

    private void WriteBulkHeader(int count)
    {
        if (--_argumentsLeft < 0)
        {
            throw new InvalidOperationException($"Command {CommandName} wrote more arguments than its header announced.");
        }

        Ensure(count + 16);
        _buffer[_length++] = (byte)'$';
        WriteNumber(count);
        WriteCrlf();
    }

    private void WriteNumber(long number)
    {
        Utf8Formatter.TryFormat(number, _buffer.AsSpan(_length), out var written);
        _length += written;
    }

    private void WriteCrlf()
    {
        _buffer[_length++] = (byte)'\r';
        _buffer[_length++] = (byte)'\n';
    }

    private void Ensure(int extra)
    {
        if (_length + extra <= _buffer.Length)
        {
            return;
        }

        var larger = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, _length + extra));
        _buffer.AsSpan(0, _length).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = larger;
    }
}
