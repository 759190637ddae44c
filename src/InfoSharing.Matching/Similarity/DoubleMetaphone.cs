using System.Text;

namespace InfoSharing.Matching.Similarity;

/// <summary>A primary and an alternate Double Metaphone code (equal when the name has one pronunciation).</summary>
public readonly record struct MetaphoneCodes(string Primary, string Alternate)
{
    public static readonly MetaphoneCodes Empty = new(string.Empty, string.Empty);

    /// <summary>True when any code of one equals any code of the other (the usual Double Metaphone match).</summary>
    public bool SharesCodeWith(MetaphoneCodes other) =>
        Primary.Length > 0 && other.Primary.Length > 0 &&
        (Primary == other.Primary || Primary == other.Alternate || Alternate == other.Primary || Alternate == other.Alternate);
}

/// <summary>
/// Lawrence Philips' Double Metaphone ("The Double Metaphone Search Algorithm", C/C++ Users Journal, June 2000),
/// written for this project from the published rules, with codes of at most four characters.
/// </summary>
public static class DoubleMetaphone
{
    private const int MaxLength = 4;

    public static MetaphoneCodes Encode(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return MetaphoneCodes.Empty;
        }

        var value = name.Trim().ToUpperInvariant();
        var encoder = new Encoder(value);
        return encoder.Run();
    }

    private sealed class Encoder(string value)
    {
        private readonly StringBuilder _primary = new(MaxLength);
        private readonly StringBuilder _alternate = new(MaxLength);
        private readonly bool _slavoGermanic =
            value.Contains('W', StringComparison.Ordinal) || value.Contains('K', StringComparison.Ordinal) ||
            value.Contains("CZ", StringComparison.Ordinal) || value.Contains("WITZ", StringComparison.Ordinal);

        private int Last => value.Length - 1;

        private bool Complete => _primary.Length >= MaxLength && _alternate.Length >= MaxLength;

        public MetaphoneCodes Run()
        {
            var i = StartsSilently() ? 1 : 0;
            while (!Complete && i < value.Length)
            {
                i = value[i] switch
                {
                    'A' or 'E' or 'I' or 'O' or 'U' or 'Y' => Vowel(i),
                    'B' => Simple(i, "P", 'B'),
                    'Ç' => Add("S", i + 1),
                    'C' => C(i),
                    'D' => D(i),
                    'F' => Simple(i, "F", 'F'),
                    'G' => G(i),
                    'H' => H(i),
                    'J' => J(i),
                    'K' => Simple(i, "K", 'K'),
                    'L' => L(i),
                    'M' => M(i),
                    'N' => Simple(i, "N", 'N'),
                    'Ñ' => Add("N", i + 1),
                    'P' => P(i),
                    'Q' => Simple(i, "K", 'Q'),
                    'R' => R(i),
                    'S' => S(i),
                    'T' => T(i),
                    'V' => Simple(i, "F", 'V'),
                    'W' => W(i),
                    'X' => X(i),
                    'Z' => Z(i),
                    _ => i + 1,
                };
            }

            return new MetaphoneCodes(_primary.ToString(), _alternate.ToString());
        }

        private bool StartsSilently() => At(0, "GN", "KN", "PN", "WR", "PS");

        private char CharAt(int index) => index >= 0 && index < value.Length ? value[index] : '\0';

        private static bool IsVowel(char c) => c is 'A' or 'E' or 'I' or 'O' or 'U' or 'Y';

        /// <summary>True when the text at <paramref name="start"/> is one of <paramref name="options"/> (all of one length).</summary>
        private bool At(int start, params string[] options)
        {
            var length = options[0].Length;
            if (start < 0 || start + length > value.Length)
            {
                return false;
            }

            var slice = value.AsSpan(start, length);
            foreach (var option in options)
            {
                if (slice.SequenceEqual(option))
                {
                    return true;
                }
            }

            return false;
        }

        private void Append(string primary, string? alternate = null)
        {
            alternate ??= primary;
            AppendTo(_primary, primary);
            AppendTo(_alternate, alternate);
        }

        private static void AppendTo(StringBuilder builder, string text)
        {
            var room = MaxLength - builder.Length;
            if (room > 0)
            {
                builder.Append(text.AsSpan(0, Math.Min(room, text.Length)));
            }
        }

        private int Add(string code, int next)
        {
            Append(code);
            return next;
        }

        private int Simple(int i, string code, char doubled)
        {
            Append(code);
            return CharAt(i + 1) == doubled ? i + 2 : i + 1;
        }

        private int Vowel(int i)
        {
            if (i == 0)
            {
                Append("A");
            }

            return i + 1;
        }

        private int C(int i)
        {
            if (C0(i))
            {
                Append("K");
                return i + 2;
            }

            if (i == 0 && At(i, "CAESAR"))
            {
                Append("S");
                return i + 2;
            }

            if (At(i, "CH"))
            {
                return Ch(i);
            }

            if (At(i, "CZ") && !At(i - 2, "WICZ"))
            {
                Append("S", "X");
                return i + 2;
            }

            if (At(i + 1, "CIA"))
            {
                Append("X");
                return i + 3;
            }

            if (At(i, "CC") && !(i == 1 && CharAt(0) == 'M'))
            {
                return Cc(i);
            }

            if (At(i, "CK", "CG", "CQ"))
            {
                Append("K");
                return i + 2;
            }

            if (At(i, "CI", "CE", "CY"))
            {
                if (At(i, "CIO", "CIE", "CIA"))
                {
                    Append("S", "X");
                }
                else
                {
                    Append("S");
                }

                return i + 2;
            }

            Append("K");
            if (At(i + 1, " C", " Q", " G"))
            {
                return i + 3;
            }

            if (At(i + 1, "C", "K", "Q") && !At(i + 1, "CE", "CI"))
            {
                return i + 2;
            }

            return i + 1;
        }

        private bool C0(int i)
        {
            if (At(i, "CHIA"))
            {
                return true;
            }

            if (i <= 1 || IsVowel(CharAt(i - 2)) || !At(i - 1, "ACH"))
            {
                return false;
            }

            var c = CharAt(i + 2);
            return (c != 'I' && c != 'E') || At(i - 2, "BACHER", "MACHER");
        }

        private int Cc(int i)
        {
            if (At(i + 2, "I", "E", "H") && !At(i + 2, "HU"))
            {
                if ((i == 1 && CharAt(i - 1) == 'A') || At(i - 1, "UCCEE", "UCCES"))
                {
                    Append("KS");
                }
                else
                {
                    Append("X");
                }

                return i + 3;
            }

            Append("K");
            return i + 2;
        }

        private int Ch(int i)
        {
            if (i > 0 && At(i, "CHAE"))
            {
                Append("K", "X");
                return i + 2;
            }

            if (Ch0(i) || Ch1(i))
            {
                Append("K");
                return i + 2;
            }

            if (i > 0)
            {
                if (At(0, "MC"))
                {
                    Append("K");
                }
                else
                {
                    Append("X", "K");
                }
            }
            else
            {
                Append("X");
            }

            return i + 2;
        }

        private bool Ch0(int i) =>
            i == 0 &&
            (At(i + 1, "HARAC", "HARIS") || At(i + 1, "HOR", "HYM", "HIA", "HEM")) &&
            !At(0, "CHORE");

        private bool Ch1(int i) =>
            At(0, "VAN ", "VON ") || At(0, "SCH") ||
            At(i - 2, "ORCHES", "ARCHIT", "ORCHID") ||
            At(i + 2, "T", "S") ||
            ((At(i - 1, "A", "O", "U", "E") || i == 0) &&
             (At(i + 2, "L", "R", "N", "M", "B", "H", "F", "V", "W", " ") || i + 1 == Last));

        private int D(int i)
        {
            if (At(i, "DG"))
            {
                if (At(i + 2, "I", "E", "Y"))
                {
                    Append("J");
                    return i + 3;
                }

                Append("TK");
                return i + 2;
            }

            Append("T");
            return At(i, "DT", "DD") ? i + 2 : i + 1;
        }

        private int G(int i)
        {
            var next = CharAt(i + 1);
            if (next == 'H')
            {
                return Gh(i);
            }

            if (next == 'N')
            {
                if (i == 1 && IsVowel(CharAt(0)) && !_slavoGermanic)
                {
                    Append("KN", "N");
                }
                else if (!At(i + 2, "EY") && CharAt(i + 1) != 'Y' && !_slavoGermanic)
                {
                    Append("N", "KN");
                }
                else
                {
                    Append("KN");
                }

                return i + 2;
            }

            if (At(i + 1, "LI") && !_slavoGermanic)
            {
                Append("KL", "L");
                return i + 2;
            }

            if (i == 0 && (next == 'Y' || At(i + 1, "ES", "EP", "EB", "EL", "EY", "IB", "IL", "IN", "IE", "EI", "ER")))
            {
                Append("K", "J");
                return i + 2;
            }

            if ((At(i + 1, "ER") || next == 'Y') &&
                !At(0, "DANGER", "RANGER", "MANGER") &&
                !At(i - 1, "E", "I") &&
                !At(i - 1, "RGY", "OGY"))
            {
                Append("K", "J");
                return i + 2;
            }

            if (At(i + 1, "E", "I", "Y") || At(i - 1, "AGGI", "OGGI"))
            {
                if (At(0, "VAN ", "VON ") || At(0, "SCH") || At(i + 1, "ET"))
                {
                    Append("K");
                }
                else if (At(i + 1, "IER"))
                {
                    Append("J");
                }
                else
                {
                    Append("J", "K");
                }

                return i + 2;
            }

            Append("K");
            return next == 'G' ? i + 2 : i + 1;
        }

        private int Gh(int i)
        {
            if (i > 0 && !IsVowel(CharAt(i - 1)))
            {
                Append("K");
                return i + 2;
            }

            if (i == 0)
            {
                Append(CharAt(i + 2) == 'I' ? "J" : "K");
                return i + 2;
            }

            // Parker's rule: "hugh", "bough", "broughton".
            if ((i > 1 && At(i - 2, "B", "H", "D")) ||
                (i > 2 && At(i - 3, "B", "H", "D")) ||
                (i > 3 && At(i - 4, "B", "H")))
            {
                return i + 2;
            }

            if (i > 2 && CharAt(i - 1) == 'U' && At(i - 3, "C", "G", "L", "R", "T"))
            {
                // "laugh", "cough", "gough", "rough", "tough".
                Append("F");
            }
            else if (i > 0 && CharAt(i - 1) != 'I')
            {
                Append("K");
            }

            return i + 2;
        }

        private int H(int i)
        {
            if ((i == 0 || IsVowel(CharAt(i - 1))) && IsVowel(CharAt(i + 1)))
            {
                Append("H");
                return i + 2;
            }

            return i + 1;
        }

        private int J(int i)
        {
            if (At(i, "JOSE") || At(0, "SAN "))
            {
                if ((i == 0 && CharAt(i + 4) == ' ') || value.Length == 4 || At(0, "SAN "))
                {
                    Append("H");
                }
                else
                {
                    Append("J", "H");
                }

                return i + 1;
            }

            if (i == 0)
            {
                Append("J", "A");
            }
            else if (IsVowel(CharAt(i - 1)) && !_slavoGermanic && (CharAt(i + 1) == 'A' || CharAt(i + 1) == 'O'))
            {
                Append("J", "H");
            }
            else if (i == Last)
            {
                Append("J", string.Empty);
            }
            else if (!At(i + 1, "L", "T", "K", "S", "N", "M", "B", "Z") && !At(i - 1, "S", "K", "L"))
            {
                Append("J");
            }

            return CharAt(i + 1) == 'J' ? i + 2 : i + 1;
        }

        private int L(int i)
        {
            if (CharAt(i + 1) == 'L')
            {
                if (L0(i))
                {
                    Append("L", string.Empty);
                }
                else
                {
                    Append("L");
                }

                return i + 2;
            }

            Append("L");
            return i + 1;
        }

        // Spanish "-illo", "-illa", "-alle": the double L is not pronounced in the alternate.
        private bool L0(int i) =>
            (i == value.Length - 3 && At(i - 1, "ILLO", "ILLA", "ALLE")) ||
            ((At(Last - 1, "AS", "OS") || At(Last, "A", "O")) && At(i - 1, "ALLE"));

        private int M(int i)
        {
            Append("M");
            var skipNext = CharAt(i + 1) == 'M' ||
                (At(i - 1, "UMB") && (i + 1 == Last || At(i + 2, "ER")));
            return skipNext ? i + 2 : i + 1;
        }

        private int P(int i)
        {
            if (CharAt(i + 1) == 'H')
            {
                Append("F");
                return i + 2;
            }

            Append("P");
            return At(i + 1, "P", "B") ? i + 2 : i + 1;
        }

        private int R(int i)
        {
            // French "-ier" at the end: silent in the primary code only.
            if (i == Last && !_slavoGermanic && At(i - 2, "IE") && !At(i - 4, "ME", "MA"))
            {
                Append(string.Empty, "R");
            }
            else
            {
                Append("R");
            }

            return CharAt(i + 1) == 'R' ? i + 2 : i + 1;
        }

        private int S(int i)
        {
            if (At(i - 1, "ISL", "YSL"))
            {
                return i + 1;
            }

            if (i == 0 && At(i, "SUGAR"))
            {
                Append("X", "S");
                return i + 1;
            }

            if (At(i, "SH"))
            {
                Append(At(i + 1, "HEIM", "HOEK", "HOLM", "HOLZ") ? "S" : "X");
                return i + 2;
            }

            if (At(i, "SIO", "SIA") || At(i, "SIAN"))
            {
                if (_slavoGermanic)
                {
                    Append("S");
                }
                else
                {
                    Append("S", "X");
                }

                return i + 3;
            }

            if ((i == 0 && At(i + 1, "M", "N", "L", "W")) || At(i + 1, "Z"))
            {
                // "Smith" matches "Schmidt", "Snider" matches "Schneider".
                Append("S", "X");
                return At(i + 1, "Z") ? i + 2 : i + 1;
            }

            if (At(i, "SC"))
            {
                return Sc(i);
            }

            if (i == Last && At(i - 2, "AI", "OI"))
            {
                Append(string.Empty, "S");
            }
            else
            {
                Append("S");
            }

            return At(i + 1, "S", "Z") ? i + 2 : i + 1;
        }

        private int Sc(int i)
        {
            if (CharAt(i + 2) == 'H')
            {
                if (At(i + 3, "OO", "ER", "EN", "UY", "ED", "EM"))
                {
                    if (At(i + 3, "ER", "EN"))
                    {
                        Append("X", "SK");
                    }
                    else
                    {
                        Append("SK");
                    }
                }
                else if (i == 0 && !IsVowel(CharAt(3)) && CharAt(3) != 'W')
                {
                    Append("X", "S");
                }
                else
                {
                    Append("X");
                }
            }
            else if (At(i + 2, "I", "E", "Y"))
            {
                Append("S");
            }
            else
            {
                Append("SK");
            }

            return i + 3;
        }

        private int T(int i)
        {
            if (At(i, "TION") || At(i, "TIA", "TCH"))
            {
                Append("X");
                return i + 3;
            }

            if (At(i, "TH") || At(i, "TTH"))
            {
                if (At(i + 2, "OM", "AM") || At(0, "VAN ", "VON ") || At(0, "SCH"))
                {
                    Append("T");
                }
                else
                {
                    Append("0", "T");
                }

                return i + 2;
            }

            Append("T");
            return At(i + 1, "T", "D") ? i + 2 : i + 1;
        }

        private int W(int i)
        {
            if (At(i, "WR"))
            {
                Append("R");
                return i + 2;
            }

            if (i == 0 && (IsVowel(CharAt(i + 1)) || At(i, "WH")))
            {
                // "Wasserman" matches "Vasserman"; "Uomo" matches "Womo".
                Append("A", IsVowel(CharAt(i + 1)) ? "F" : "A");
                return i + 1;
            }

            if ((i == Last && IsVowel(CharAt(i - 1))) ||
                At(i - 1, "EWSKI", "EWSKY", "OWSKI", "OWSKY") ||
                At(0, "SCH"))
            {
                // "Arnow" matches "Arnoff".
                Append(string.Empty, "F");
                return i + 1;
            }

            if (At(i, "WICZ", "WITZ"))
            {
                Append("TS", "FX");
                return i + 4;
            }

            return i + 1;
        }

        private int X(int i)
        {
            if (i == 0)
            {
                Append("S");
                return i + 1;
            }

            // French "-eaux", "-oux": silent.
            if (!(i == Last && (At(i - 3, "IAU", "EAU") || At(i - 2, "AU", "OU"))))
            {
                Append("KS");
            }

            return At(i + 1, "C", "X") ? i + 2 : i + 1;
        }

        private int Z(int i)
        {
            if (CharAt(i + 1) == 'H')
            {
                Append("J");
                return i + 2;
            }

            if (At(i + 1, "ZO", "ZI", "ZA") || (_slavoGermanic && i > 0 && CharAt(i - 1) != 'T'))
            {
                Append("S", "TS");
            }
            else
            {
                Append("S");
            }

            return CharAt(i + 1) == 'Z' ? i + 2 : i + 1;
        }
    }
}
