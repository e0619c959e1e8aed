using System.Text;

namespace ClubGrains.Common;

/// <summary>
/// Phone numbers in one comparable form, so that "138 0013 8000", "+86 138-0013-8000" and
/// "13800138000" are the same guest. Chinese numbers become +86…; others must come with their
/// country code.
/// </summary>
public static class PhoneNumbers
{
    /// <summary>The normalised number, or null when the text is not a phone number.</summary>
    public static string? Normalize(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var digits = new StringBuilder();
        var plus = false;
        foreach (var c in text.Trim())
        {
            if (char.IsAsciiDigit(c))
            {
                digits.Append(c);
            }
            else if (c == '+' && digits.Length == 0 && !plus)
            {
                plus = true;
            }
            else if (c is not (' ' or '-' or '(' or ')' or '.'))
            {
                return null;
            }
        }

        var number = digits.ToString();
        if (!plus && number.StartsWith("00", StringComparison.Ordinal))
        {
            (plus, number) = (true, number[2..]);
        }

        if (plus)
        {
            if (number.StartsWith("86", StringComparison.Ordinal))
            {
                return China(number[2..]);
            }

            return number.Length is >= 8 and <= 15 && number[0] != '0' ? "+" + number : null;
        }

        return China(number);
    }

    /// <summary>A Chinese mobile (1[3-9] and 9 digits) or landline (area code from 0, 9–11 digits after it).</summary>
    private static string? China(string national)
    {
        if (national.Length == 11 && national[0] == '1' && national[1] is >= '3' and <= '9')
        {
            return "+86" + national;
        }

        if (national.StartsWith('0') && national.Length is >= 10 and <= 12)
        {
            return "+86" + national[1..];
        }

        if (national.Length is >= 9 and <= 11 && national[0] is >= '2' and <= '9')
        {
            return "+86" + national;
        }

        return null;
    }
}
