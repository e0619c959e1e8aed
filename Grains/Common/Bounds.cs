namespace ClubGrains.Common;

/// <summary>
/// The bounds every amount, date and text a client sends is held to, so that no value stored can
/// make a later sum, deadline or report fail: an amount is at most <see cref="MaxAmount"/> with two
/// decimals (a DS-2 fine of 100× such a tip, summed over any ledger, stays far inside decimal's
/// range); a business day lies in [<see cref="FirstDay"/>, <see cref="LastDay"/>]; names hold no
/// control characters.
/// </summary>
public static class Bounds
{
    /// <summary>The largest amount in the venue's currency: a spend, a tip, a fine, a quota or threshold.</summary>
    public const decimal MaxAmount = 100_000_000m;

    public static readonly DateOnly FirstDay = new(2000, 1, 1);

    public static readonly DateOnly LastDay = new(2099, 12, 31);

    /// <summary>The furthest ahead a GM's authorisation of a supervisor may run (BK-8).</summary>
    public static readonly TimeSpan MaxAuthorisation = TimeSpan.FromDays(366);

    /// <summary>Null when the amount is within bounds, else why not.</summary>
    public static string? CheckAmount(decimal amount, bool allowZero = true) =>
        amount < 0 || (!allowZero && amount == 0) || amount > MaxAmount || decimal.Round(amount, 2) != amount
            ? $"must be {AmountRange(allowZero)}"
            : null;

    public static string AmountRange(bool allowZero = true) =>
        $"{(allowZero ? "zero or more" : "greater than zero")}, at most {MaxAmount:0}, with at most two decimals";

    public static bool InRange(DateOnly day) => day >= FirstDay && day <= LastDay;

    public static string DayRange => $"between {FirstDay:yyyy-MM-dd} and {LastDay:yyyy-MM-dd}";

    /// <summary>Whether a text holds a control character (NUL, line breaks, escapes…); names and ids must not.</summary>
    public static bool HasControlCharacters(string? text) => text is not null && text.Any(char.IsControl);
}
