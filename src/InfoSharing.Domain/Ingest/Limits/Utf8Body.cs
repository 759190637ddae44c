using System.Text.Unicode;

namespace InfoSharing.Domain.Ingest.Limits;

/// <summary>Every feed is UTF-8 (FHIR requires it; the agency JSON contracts say so): anything else is refused before parsing.</summary>
public static class Utf8Body
{
    public static void Require(ReadOnlySpan<byte> body)
    {
        if (!Utf8.IsValid(body))
        {
            throw new MessageRejectedException(
                Contracts.RejectionCodes.InvalidEncoding,
                $"The body is not valid UTF-8 (first bad byte at offset {FirstInvalid(body)}); send UTF-8, the encoding FHIR and the agency contracts require.");
        }
    }

    private static int FirstInvalid(ReadOnlySpan<byte> body)
    {
        // Decode until the first failure; OperationStatus tells how far the valid prefix went.
        Span<char> scratch = stackalloc char[512];
        var offset = 0;
        while (offset < body.Length)
        {
            var status = Utf8.ToUtf16(body[offset..], scratch, out var read, out _, replaceInvalidSequences: false, isFinalBlock: true);
            offset += read;
            if (status is System.Buffers.OperationStatus.InvalidData or System.Buffers.OperationStatus.NeedMoreData)
            {
                return offset;
            }

            if (status == System.Buffers.OperationStatus.Done)
            {
                break;
            }
        }

        return offset;
    }
}
