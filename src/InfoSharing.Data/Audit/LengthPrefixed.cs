using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace InfoSharing.Data.Audit;

/// <summary>
/// An unambiguous byte encoding of a list of fields: each field is its length as a 4-byte big-endian unsigned
/// integer followed by its bytes (text as UTF-8); a null field is the length 0xFFFFFFFF and no bytes. No separator
/// can be forged from inside a field, and "" and null differ.
/// </summary>
public sealed class LengthPrefixed
{
    private const uint NullLength = uint.MaxValue;
    private readonly ArrayBufferWriter<byte> _buffer = new(512);

    public LengthPrefixed Text(string? value)
    {
        if (value is null)
        {
            WriteLength(NullLength);
            return this;
        }

        var count = Encoding.UTF8.GetByteCount(value);
        WriteLength(checked((uint)count));
        Encoding.UTF8.GetBytes(value, _buffer.GetSpan(count));
        _buffer.Advance(count);
        return this;
    }

    public LengthPrefixed Number(long value) => Text(value.ToString(CultureInfo.InvariantCulture));

    public LengthPrefixed Bytes(ReadOnlySpan<byte> value)
    {
        WriteLength(checked((uint)value.Length));
        value.CopyTo(_buffer.GetSpan(value.Length));
        _buffer.Advance(value.Length);
        return this;
    }

    /// <summary>A list: its count as a field, then each item as a field.</summary>
    public LengthPrefixed List(IEnumerable<string> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        var list = items.ToList();
        Number(list.Count);
        foreach (var item in list)
        {
            Text(item);
        }

        return this;
    }

    public ReadOnlySpan<byte> Written => _buffer.WrittenSpan;

    public byte[] ToArray() => _buffer.WrittenSpan.ToArray();

    private void WriteLength(uint length)
    {
        BinaryPrimitives.WriteUInt32BigEndian(_buffer.GetSpan(4), length);
        _buffer.Advance(4);
    }
}
