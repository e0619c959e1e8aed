using ClubGrains.Common;
using ClubGrains.Hosting;

namespace ClubGrains.Api.Auth;

/// <summary>
/// <c>dotnet run --project Api -- token --role reception --venue v1</c>: prints a token signed with
/// the service's key (the data folder's, in the embedded default), for trying the API by hand.
/// </summary>
public static class TokenCommand
{
    public const string Name = "token";

    public const string Usage =
        "usage: token --role ROLE --venue VENUE [--venue VENUE...] [--sub SUBJECT] [--name NAME] [--badge BADGE] [--department ktv|disco] [--hours HOURS]\n" +
        "roles: gm, reception-supervisor, reception, dept-manager, manager, operator, api-client; an operator may take --venue '*' (every venue).";

    /// <summary>Runs the command; <paramref name="args"/> are those after <c>token</c>, settings overrides (<c>--ClubGrains:...=v</c>) excluded.</summary>
    public static int Run(IReadOnlyList<string> args, IConfiguration configuration, TextWriter output, TextWriter error)
    {
        if (Parse(args, error) is not { } values)
        {
            return 2;
        }

        string? One(string name) => values.TryGetValue(name, out var list) ? list[^1] : null;
        var role = One("role");
        var venues = values.TryGetValue("venue", out var granted) ? granted : [];
        var hours = One("hours") is { } text && double.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out var h) ? h : 12;
        var problems = Problems(role, venues, One("badge"), One("department"), hours);
        if (problems.Count > 0)
        {
            error.WriteLine(string.Join('\n', problems) + "\n" + Usage);
            return 2;
        }

        var settings = configuration.GetSection(AuthSettings.Section).Get<AuthSettings>() ?? new AuthSettings();
        var key = SigningKeys.Resolve(settings, ClubGrainsOptions.From(configuration))
            ?? throw new ClubGrainsStartupException("Tokens come from the external issuer (ClubGrains:Auth:Authority); this command only signs with ClubGrains' own key.");
        var subject = One("sub") ?? (One("badge") is { } badge ? $"{role}-{badge}" : $"{role}-{Guid.NewGuid().ToString("N")[..8]}");
        output.WriteLine(TokenIssuer.Issue(
            new TokenRequest(subject, role!, venues, One("name"), One("badge"), One("department"), TimeSpan.FromHours(hours)),
            key,
            settings,
            DateTimeOffset.UtcNow));
        return 0;
    }

    /// <summary>The <c>--name value</c> pairs, each name with every value it was given; null (the error written) when an argument is not such a pair.</summary>
    private static Dictionary<string, List<string>>? Parse(IReadOnlyList<string> args, TextWriter error)
    {
        var values = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Count)
            {
                error.WriteLine($"Unexpected argument '{args[i]}'.\n{Usage}");
                return null;
            }

            values.TryAdd(args[i][2..], []);
            values[args[i][2..]].Add(args[i + 1]);
        }

        return values;
    }

    private static List<string> Problems(string? role, List<string> venues, string? badge, string? department, double hours)
    {
        var problems = new List<string>();
        if (role is null || !Roles.All.Contains(role))
        {
            problems.Add($"--role must be one of {string.Join(", ", Roles.All)}.");
        }

        if (venues.Count == 0)
        {
            problems.Add("--venue is required (repeat it to grant several venues).");
        }

        if (venues.Contains(Actor.AllVenues) && role != Roles.Operator)
        {
            problems.Add("Only an operator may be granted every venue ('*').");
        }

        if (role == Roles.Manager && (badge is null || department is not ("ktv" or "disco")))
        {
            problems.Add("A manager token needs --badge and --department ktv|disco.");
        }

        if (hours is <= 0 or > 24 * 31)
        {
            problems.Add("--hours must be between 0 and 744.");
        }

        return problems;
    }
}
