namespace InfoSharing.Domain.People;

/// <summary>
/// An NHS number as received. Only a number that passes the modulus 11 check is trusted for matching;
/// an invalid one is kept on the record for audit but never used to join people.
/// </summary>
public readonly record struct NhsNumber
{
    private NhsNumber(string value, bool isValid)
    {
        Value = value;
        IsValid = isValid;
    }

    /// <summary>The number with spaces and hyphens removed.</summary>
    public string Value { get; }

    /// <summary>True when the number is ten digits whose check digit is right.</summary>
    public bool IsValid { get; }

    public static NhsNumber Parse(string raw)
    {
        ArgumentNullException.ThrowIfNull(raw);
        var normalised = string.Concat(raw.Where(c => c is not (' ' or '-')));
        return new NhsNumber(normalised, HasValidCheckDigit(normalised));
    }

    /// <summary>The NHS modulus 11 algorithm: weights 10..2 over the first nine digits.</summary>
    public static bool HasValidCheckDigit(string digits)
    {
        if (digits is null || digits.Length != 10 || !digits.All(char.IsAsciiDigit))
        {
            return false;
        }

        // Placeholders such as 0000000000 pass the arithmetic but were never issued: never trust them.
        if (digits.All(c => c == digits[0]))
        {
            return false;
        }

        var sum = 0;
        for (var i = 0; i < 9; i++)
        {
            sum += (digits[i] - '0') * (10 - i);
        }

        var check = 11 - (sum % 11);
        if (check == 11)
        {
            check = 0;
        }

        // A remainder giving 10 means the number was never issued.
        return check != 10 && check == digits[9] - '0';
    }

    /// <summary>Never prints the number: log and trace output must not carry it.</summary>
    public override string ToString() => IsValid ? "NhsNumber(valid)" : "NhsNumber(invalid)";
}
