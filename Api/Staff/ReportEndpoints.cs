using System.Globalization;
using System.Text;
using ClubGrains.Api.Auth;
using ClubGrains.Api.Common;
using ClubGrains.Common;
using ClubGrains.Rooms;
using ClubGrains.Staff;
using ClubGrains.Venues;

namespace ClubGrains.Api.Staff;

/// <summary>A report of a venue's department over a period, one line per manager, ranked by signed spend.</summary>
public sealed record StaffReport(
    string VenueId,
    VenueKind? Department,
    string Period,
    DateOnly FirstDay,
    DateOnly LastDay,
    IReadOnlyList<ManagerReport> Managers,
    int Bookings,
    decimal Spend,
    decimal Fines);

/// <summary>Daily, weekly (PF-3) and monthly reports per venue and department; JSON, or CSV with <c>?format=csv</c>.</summary>
internal static class ReportEndpoints
{
    public static IEndpointRouteBuilder MapReportEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/venues/{venueId}/reports/{period}", GetReport).RequireVenueRoles(Roles.DepartmentManager, Roles.GeneralManager, Roles.Operator)
            .WithTags("Reports").WithName("getReport")
            .WithSummary("daily, weekly (PF-3) or monthly report of a venue's managers (optionally one department): attendance, lateness, signed bookings and spend, new customers, gifts, violations, fines, flags, quota result; ranked by spend.")
            .Produces<StaffReport>().ProducesValidationProblem();
        return routes;
    }

    private static async Task<IResult> GetReport(string venueId, string period, string? day, string? department, string? format, IGrainFactory grains, TimeProvider time)
    {
        var snapshot = await grains.GetGrain<IVenueGrain>(venueId).GetSnapshot();
        if (snapshot.Value is not { } venue)
        {
            return snapshot.Refusal!.ToProblem();
        }

        // Every bad query parameter is named at once, in this order.
        var errors = new List<FieldError>();
        var reference = ReferenceDay(day, VenueClock.For(venue.Venue).BusinessDayOf(time.GetUtcNow()), errors);
        var kind = Department(department, errors);
        if (format is not (null or "json" or "csv"))
        {
            errors.Add(new("format", "json or csv."));
        }

        var range = Range(period, reference);
        if (range is null)
        {
            errors.Add(new("period", "daily, weekly or monthly."));
        }

        if (errors.Count > 0)
        {
            return Refusal.Invalid(errors).ToProblem();
        }

        var (first, last) = range!.Value;
        var report = await Report(grains, venueId, kind, period, first, last);
        return format == "csv"
            ? TypedResults.Text(Csv(report), "text/csv", Encoding.UTF8)
            : TypedResults.Ok(report);
    }

    private static DateOnly ReferenceDay(string? day, DateOnly today, List<FieldError> errors)
    {
        if (day is null)
        {
            return today;
        }

        if (BusinessDays.Parse(day) is { } parsed)
        {
            return parsed;
        }

        errors.Add(BusinessDays.Invalid);
        return today;
    }

    private static VenueKind? Department(string? department, List<FieldError> errors)
    {
        if (department is null)
        {
            return null;
        }

        if (!Enum.TryParse<VenueKind>(department, ignoreCase: true, out var parsed) || int.TryParse(department, out _))
        {
            errors.Add(new("department", "ktv or disco."));
            return null;
        }

        return parsed;
    }

    /// <summary>The period's business days around the reference day; weeks run Monday to Sunday.</summary>
    private static (DateOnly First, DateOnly Last)? Range(string period, DateOnly reference) => period switch
    {
        "daily" => (reference, reference),
        "weekly" => (reference.AddDays(-(((int)reference.DayOfWeek + 6) % 7)), reference.AddDays(6 - (((int)reference.DayOfWeek + 6) % 7))),
        "monthly" => (new DateOnly(reference.Year, reference.Month, 1), new DateOnly(reference.Year, reference.Month, 1).AddMonths(1).AddDays(-1)),
        _ => null,
    };

    private static async Task<StaffReport> Report(IGrainFactory grains, string venueId, VenueKind? kind, string period, DateOnly first, DateOnly last)
    {
        var badges = await grains.GetGrain<IVenueRosterGrain>(venueId).Badges(kind);
        var lines = await Task.WhenAll(badges.Select(b => grains.GetGrain<IManagerGrain>(GrainKeys.Manager(venueId, b)).Report(first, last)));
        var managers = lines.Where(l => l.Succeeded).Select(l => l.Value!).OrderByDescending(m => m.Spend).ThenBy(m => m.Badge, StringComparer.Ordinal).ToArray();
        return new StaffReport(venueId, kind, period, first, last, managers, managers.Sum(m => m.Bookings), managers.Sum(m => m.Spend), managers.Sum(m => m.Fines));
    }

    private static string Csv(StaffReport report)
    {
        var csv = new StringBuilder();
        csv.AppendLine("rank,badge,name,department,days_signed_in,days_late,bookings,spend,new_customers,fruit_plates,snacks,tickets,violations,fines,quota_met,flags");
        foreach (var (m, rank) in report.Managers.Select((m, i) => (m, i + 1)))
        {
            csv.AppendLine(string.Join(',',
                rank.ToString(CultureInfo.InvariantCulture), Cell(m.Badge), Cell(m.Name), m.Department.ToString().ToLowerInvariant(),
                m.DaysSignedIn.ToString(CultureInfo.InvariantCulture), m.DaysLate.ToString(CultureInfo.InvariantCulture),
                m.Bookings.ToString(CultureInfo.InvariantCulture), m.Spend.ToString(CultureInfo.InvariantCulture),
                m.NewCustomers.ToString(CultureInfo.InvariantCulture), m.FruitPlates.ToString(CultureInfo.InvariantCulture),
                m.Snacks.ToString(CultureInfo.InvariantCulture), m.Tickets.ToString(CultureInfo.InvariantCulture),
                m.Violations.ToString(CultureInfo.InvariantCulture), m.Fines.ToString(CultureInfo.InvariantCulture),
                m.Month is null ? string.Empty : m.Month.Met ? "yes" : "no",
                Cell(string.Join("; ", m.Flags))));
        }

        return csv.ToString();
    }

    /// <summary>RFC 4180 quoting; a leading formula character is neutralised so spreadsheets never run it.</summary>
    private static string Cell(string value)
    {
        var safe = value.Length > 0 && "=+-@".Contains(value[0], StringComparison.Ordinal) ? "'" + value : value;
        return safe.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? $"\"{safe.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : safe;
    }
}
