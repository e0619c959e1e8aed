namespace ClubGrains.Common;

/// <summary>
/// The bounds of everything a client can write, in one place listed in the README. Each free-text
/// field and each list a client's commands grow: a grain's state is read and written whole, so one
/// record grown without bound would slow every later command on it; a text over its bound is refused
/// with 400 naming the field, a list at its bound with 409. And every amount, date and text, so that
/// no value stored can make a later sum, deadline or report fail: an amount is at most
/// <see cref="MaxAmount"/> with two decimals (a DS-2 fine of 100× such a tip, summed over any
/// ledger, stays far inside decimal's range); a business day lies in [<see cref="FirstDay"/>,
/// <see cref="LastDay"/>]; names hold no control characters.
/// </summary>
public static class Limits
{
    /// <summary>Names of people: guests, bookers, customers, managers; and what a guest arriving late gives.</summary>
    public const int Name = 100;

    /// <summary>Ids a client names (rooms, room types); the catalogue's ids are shorter still.</summary>
    public const int Id = 40;

    /// <summary>Phone numbers as typed, before they are normalised.</summary>
    public const int Phone = 40;

    /// <summary>A reason: for an override, a cancellation, a late or outage arrival, a leave, a decision.</summary>
    public const int Reason = 500;

    /// <summary>A booking's notes, and each line of a daily log's feedback.</summary>
    public const int Notes = 500;

    /// <summary>Longer texts: messages, replies, objections, evidence, feedback, complaints, resolutions, a log's special events.</summary>
    public const int Text = 2000;

    /// <summary>History entries of one booking: an evening's steps with room to spare; the commands of a full one are refused.</summary>
    public const int BookingHistory = 100;

    /// <summary>Entries of each list of one daily log (bookings, new customers, feedback).</summary>
    public const int LogItems = 50;

    /// <summary>Messages to one manager, violations recorded against them, within any 24 hours.</summary>
    public const int PerManagerPerDay = 50;

    /// <summary>Feedback and complaints one venue records on one customer within any 24 hours.</summary>
    public const int CustomerNotesPerDay = 20;

    /// <summary>
    /// Adds the field's error when the text is over its bound (as sent: padding counts, since some texts
    /// are stored as sent), or missing where <paramref name="required"/> says what it is.
    /// </summary>
    public static void CheckText(List<FieldError> errors, string field, string? value, int max, string? rule = null, string? required = null)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required is not null)
            {
                errors.Add(new(field, $"Required: {required}; at most {max} characters.", rule));
            }
        }
        else if (value.Length > max)
        {
            errors.Add(new(field, $"At most {max} characters.", rule));
        }
    }

    /// <summary>The refusal for a text over its bound (or missing, when required), or null.</summary>
    public static Refusal? Check(string field, string? value, int max, string? rule = null, string? required = null)
    {
        var errors = new List<FieldError>();
        CheckText(errors, field, value, max, rule, required);
        return errors.Count > 0 ? Refusal.Invalid(errors) : null;
    }

    /// <summary>Adds the field's error when the list is longer than its bound.</summary>
    public static void CheckCount<T>(List<FieldError> errors, string field, IReadOnlyCollection<T>? list, int max, string? rule = null)
    {
        if (list is { Count: var count } && count > max)
        {
            errors.Add(new(field, $"At most {max} entries.", rule));
        }
    }

    /// <summary>A password as typed: long passphrases fit, and nothing longer reaches the hasher.</summary>
    public const int Password = 128;

    /// <summary>Changes kept on one staff account: years of changes by people; the commands on a full one are refused.</summary>
    public const int AccountHistory = 200;

    /// <summary>Venues one staff account is granted.</summary>
    public const int AccountVenues = 50;

    /// <summary>Signed-in sessions (refresh token families) an account keeps; a sign-in beyond them ends the oldest.</summary>
    public const int AccountSessions = 10;

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
