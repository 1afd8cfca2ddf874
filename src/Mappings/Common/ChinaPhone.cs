namespace EarTagTrace.Mappings.Common;

/// <summary>
/// Chinese phone numbers between the partners' domestic notations and the canonical E.164 form (+86…).
/// Mobiles are 1[3-9] + 9 digits. Landlines are trunk 0 + area code + 7–8 digit subscriber number; the area code
/// has 2 digits for Beijing (10) and the 2x cities (Shanghai 21, Guangzhou 20, …), 3 digits everywhere else.
/// </summary>
public static class ChinaPhone
{
    private const string CountryCode = "86";

    /// <summary>"138 1234 5678", "+86 13812345678", "8613812345678", "0431-85551234" … → "+8613812345678" / "+8643185551234".</summary>
    public static bool TryToE164(string? raw, out string e164)
    {
        e164 = string.Empty;
        if (raw is null)
        {
            return false;
        }

        Span<char> digits = stackalloc char[24];
        var length = 0;
        var international = false;
        foreach (var c in raw.AsSpan().Trim())
        {
            if (char.IsAsciiDigit(c))
            {
                if (length == digits.Length)
                {
                    return false;
                }

                digits[length++] = c;
            }
            else if (c == '+' && length == 0 && !international)
            {
                international = true;
            }
            else if (c is not (' ' or '-' or '(' or ')' or '.' or '\u00A0'))
            {
                return false;
            }
        }

        ReadOnlySpan<char> national = digits[..length];
        if (international)
        {
            if (!national.StartsWith(CountryCode))
            {
                return false;
            }

            national = national[CountryCode.Length..];
        }
        else if (national.StartsWith("0086"))
        {
            national = national[4..];
        }
        else if (national.Length == 13 && national.StartsWith(CountryCode) && IsMobile(national[2..]))
        {
            // "8613812345678": country code written without "+", common in exports from phone contact lists.
            national = national[2..];
        }

        if (national.Length > 0 && national[0] == '0')
        {
            // The trunk prefix belongs to domestic dialling only; a mobile never takes it.
            national = national[1..];
            if (!IsLandline(national))
            {
                return false;
            }
        }
        else if (!IsMobile(national) && !(international && IsLandline(national)))
        {
            // Without trunk 0 or +86 a landline cannot be told from a typo, so it is refused.
            return false;
        }

        e164 = string.Concat("+", CountryCode, national);
        return true;
    }

    /// <summary>"+8613812345678" → "13812345678"; "+8643185551234" → "0431-85551234"; "+861085551234" → "010-85551234".</summary>
    public static bool TryToDomestic(string? e164, out string domestic)
    {
        domestic = string.Empty;
        if (e164 is null || !e164.StartsWith("+" + CountryCode, StringComparison.Ordinal))
        {
            return false;
        }

        var national = e164.AsSpan(1 + CountryCode.Length);
        foreach (var c in national)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        if (IsMobile(national))
        {
            domestic = national.ToString();
            return true;
        }

        if (!IsLandline(national))
        {
            return false;
        }

        var area = AreaCodeLength(national);
        domestic = string.Concat("0", national[..area], "-", national[area..]);
        return true;
    }

    private static bool IsMobile(ReadOnlySpan<char> national) =>
        national.Length == 11 && national[0] == '1' && national[1] is >= '3' and <= '9' && AllDigits(national);

    /// <summary>Area code (without trunk 0) followed by a 7–8 digit subscriber number that does not start with 0 or 1.</summary>
    private static bool IsLandline(ReadOnlySpan<char> national)
    {
        if (national.Length < 2 || !AllDigits(national) || national[0] == '0')
        {
            return false;
        }

        // "1x" is only an area code as 10 (Beijing); other 1-numbers are mobiles or service numbers.
        if (national[0] == '1' && national[1] != '0')
        {
            return false;
        }

        var subscriber = national[AreaCodeLength(national)..];
        return subscriber.Length is 7 or 8 && subscriber[0] is >= '2' and <= '9';
    }

    private static int AreaCodeLength(ReadOnlySpan<char> national) =>
        national[0] == '2' || (national[0] == '1' && national[1] == '0') ? 2 : 3;

    private static bool AllDigits(ReadOnlySpan<char> s)
    {
        foreach (var c in s)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }
}
