namespace ClubGrains.Bench;

/// <summary>What one run measures, and how big. <c>--smoke</c> makes every size tiny (a few seconds each).</summary>
internal sealed record DriverSettings
{
    public static readonly string[] AllScenarios = ["baselines", "boards", "place", "burst", "soak", "memory", "coldstart"];

    public required bool Smoke { get; init; }
    public required IReadOnlySet<string> Scenarios { get; init; }
    public required int Clients { get; init; }
    public required TimeSpan Warmup { get; init; }
    public required TimeSpan Duration { get; init; }
    public required int PlaceVenues { get; init; }
    public required int RoomsPerVenue { get; init; }
    public required int BurstVenues { get; init; }
    public required int BurstRooms { get; init; }
    public required int BoardReaders { get; init; }
    public required int SoakRounds { get; init; }
    public required int SoakVenues { get; init; }
    public required int SoakRooms { get; init; }
    public required int MemoryRooms { get; init; }
    public required int ColdStarts { get; init; }
    public string? Postgres { get; init; }
    public string? ApiAssembly { get; init; }
    public string? MarkdownPath { get; init; }

    /// <summary>Extra settings for the service (<c>--service-settings "Key=value;Key=value"</c>), e.g. to compare configurations while profiling.</summary>
    public IReadOnlyList<string> ServiceSettings { get; init; } = [];

    /// <summary>No phase sends more than this many requests, whatever its time.</summary>
    public long MaxRequestsPerPhase => Smoke ? 100_000 : 20_000_000;

    public const string Usage = """
        ClubGrains load driver: starts the service (and baselines) as child processes on 127.0.0.1 and measures them.
          --scenario LIST     comma-separated: baselines, boards, place, burst, soak, memory, coldstart (default: all)
          --smoke             tiny sizes, a few seconds per scenario (what ./test.sh runs)
          --clients N         concurrent HTTP clients (default 64)
          --seconds N         measured seconds per load phase (default 15), --warmup N (default 3)
          --place-venues N    venues for placements, each with --rooms N rooms (default 300 × 50)
          --burst-venues N    venues of the 21:00 burst (default 200), --burst-rooms N (default 50)
          --burst-large       the large burst: 2,000 venues × 50 rooms = 100,000 holds
          --board-readers N   clients reading boards during the burst (default 8)
          --soak-rounds N     rounds of the deadline soak (default 20), each --soak-venues N (default 5) × --soak-rooms N (default 12) holds
          --memory-rooms N    room grains to activate for the memory figure (default 100,000)
          --cold-starts N     starts of each program for the cold-start medians (default 3)
          --postgres CONN     run the raw store and the service on PostgreSQL (Npgsql connection string) instead of SQLite
          --api PATH          ClubGrains.Api.dll to run (default: the solution's build of the same configuration)
          --markdown FILE     also write the result tables to FILE
          --service-settings "ClubGrains:Management:Dashboard=false;..."   extra settings for the service (default: none)
        """;

    public static DriverSettings From(Cli cli)
    {
        var known = new HashSet<string>(StringComparer.Ordinal)
        {
            "scenario", "smoke", "clients", "seconds", "warmup", "place-venues", "rooms", "burst-venues", "burst-rooms", "burst-large",
            "board-readers", "soak-rounds", "soak-venues", "soak-rooms", "memory-rooms", "cold-starts", "postgres", "api", "markdown", "service-settings",
        };
        if (cli.Names.FirstOrDefault(n => !known.Contains(n)) is { } unknown)
        {
            throw new ArgumentException($"Unknown option --{unknown}.");
        }

        var smoke = cli.Flag("smoke");
        var scenarios = (cli.Text("scenario") ?? "all").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var set = new HashSet<string>(scenarios.Contains("all") ? AllScenarios : scenarios, StringComparer.Ordinal);
        if (set.FirstOrDefault(s => !AllScenarios.Contains(s)) is { } bad)
        {
            throw new ArgumentException($"Unknown scenario '{bad}'; one of {string.Join(", ", AllScenarios)} or all.");
        }

        var large = cli.Flag("burst-large");
        return new DriverSettings
        {
            Smoke = smoke,
            Scenarios = set,
            Clients = cli.Int("clients", smoke ? 8 : 64),
            Warmup = TimeSpan.FromSeconds(cli.Int("warmup", smoke ? 1 : 3)),
            Duration = TimeSpan.FromSeconds(cli.Int("seconds", smoke ? 2 : 15)),
            PlaceVenues = cli.Int("place-venues", smoke ? 4 : 300),
            RoomsPerVenue = cli.Int("rooms", smoke ? 10 : 50),
            BurstVenues = cli.Int("burst-venues", smoke ? 2 : large ? 2_000 : 200),
            BurstRooms = cli.Int("burst-rooms", smoke ? 5 : 50),
            BoardReaders = cli.Int("board-readers", smoke ? 2 : 8),
            SoakRounds = cli.Int("soak-rounds", smoke ? 2 : 20),
            SoakVenues = cli.Int("soak-venues", smoke ? 2 : 5),
            SoakRooms = cli.Int("soak-rooms", smoke ? 4 : 12),
            MemoryRooms = cli.Int("memory-rooms", smoke ? 500 : 100_000),
            ColdStarts = cli.Int("cold-starts", smoke ? 1 : 3),
            Postgres = cli.Text("postgres"),
            ApiAssembly = cli.Text("api"),
            MarkdownPath = cli.Text("markdown"),
            ServiceSettings = (cli.Text("service-settings") ?? string.Empty).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
        };
    }
}
