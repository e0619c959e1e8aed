using ClubGrains.Common;
using ClubGrains.Venues;

namespace ClubGrains.Customers;

/// <summary>Pure rules of the customer files (CR-2, CR-4, TG-3).</summary>
public static class CustomerRules
{
    public const string FileRule = "CR-1";
    public const string BigCustomerRule = "CR-2";
    public const string ComplaintRule = "CR-3";
    public const string CallbackRule = "CR-4";
    public const string NewCustomerRule = "TG-3";

    /// <summary>TG-3: the reported name is required, within the limit, and free of control characters; null when it is.</summary>
    public static Refusal? CheckName(string? name) =>
        Limits.Check("name", name, Limits.Name, NewCustomerRule, "the customer's name")
        ?? (Limits.HasControlCharacters(name)
            ? Refusal.Invalid([new FieldError("name", "Must not hold control characters (NUL, line breaks, tabs…).", NewCustomerRule)])
            : null);

    /// <summary>CR-2 (chosen): spend at the venue over its window reaches its threshold.</summary>
    public static bool IsBigCustomer(IEnumerable<CustomerVisit> visits, DateTimeOffset now, CustomerPolicy policy) =>
        visits.Where(v => v.At > now.AddDays(-policy.BigCustomerWindowDays)).Sum(v => v.Spend) >= policy.BigCustomerSpend;

    /// <summary>CR-4 (chosen): the callback is due this many days after the visit.</summary>
    public static DateTimeOffset CallbackBy(DateTimeOffset visitAt, CustomerPolicy policy) => visitAt.AddDays(policy.CallbackDays);
}
