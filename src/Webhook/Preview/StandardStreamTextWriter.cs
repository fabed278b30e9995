using System.CommandLine.IO;
using System.Text;

namespace RestoreMutator.Webhook.Preview;

/// <summary>
/// A buffered <see cref="TextWriter"/> over System.CommandLine's <see cref="IStandardStreamWriter"/>,
/// so the preview writes to whatever console the command was invoked with (tests pass a
/// <c>TestConsole</c>).
/// </summary>
public sealed class StandardStreamTextWriter(IStandardStreamWriter target) : TextWriter
{
    private const int FlushThreshold = 16 * 1024;
    private readonly StringBuilder _buffer = new();

    public override Encoding Encoding => Encoding.UTF8;

    public override void Write(char value)
    {
        _buffer.Append(value);
        FlushIfFull();
    }

    public override void Write(string? value)
    {
        _buffer.Append(value);
        FlushIfFull();
    }

    public override void Write(char[] buffer, int index, int count)
    {
        _buffer.Append(buffer, index, count);
        FlushIfFull();
    }

    public override void Flush()
    {
        if (_buffer.Length > 0)
        {
            target.Write(_buffer.ToString());
            _buffer.Clear();
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Flush();
        }

        base.Dispose(disposing);
    }

    private void FlushIfFull()
    {
        if (_buffer.Length >= FlushThreshold)
        {
            Flush();
        }
    }
}
