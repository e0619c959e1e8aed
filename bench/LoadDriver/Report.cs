using System.Globalization;
using System.Text;

namespace ClubGrains.Bench;

/// <summary>One target of the issue: the measured ratio against what it must reach.</summary>
internal sealed record Target(string Name, string Formula, double Measured, double Required, bool AtMost, string Detail)
{
    public bool Met => AtMost ? Measured <= Required : Measured >= Required;
}

/// <summary>Everything a run measured, printed as Markdown tables (the same text goes to --markdown).</summary>
internal sealed class Report
{
    private readonly List<string[]> _load = [];
    private readonly List<string> _sections = [];
    private readonly List<Target> _targets = [];

    public void Load(string scenario, LoadResult result, string notes = "") => _load.Add(
    [
        scenario, F(result.Clients), F(result.Ok), F(result.Elapsed.TotalSeconds, "0.0"), F(result.Throughput, "0"),
        F(result.Ms(50), "0.00"), F(result.Ms(90), "0.00"), F(result.Ms(99), "0.00"), F(result.MaxMs, "0.0"),
        result.ServerCpuMicroseconds is { } cpu ? F(cpu, "0") : "–",
        result.Errors == 0 ? "0" : $"{result.Errors} ({string.Join(", ", result.ErrorKinds.Select(kv => $"{kv.Key}: {kv.Value}"))})", notes,
    ]);

    public void LoadRow(string scenario, int clients, long ok, double seconds, double throughput, double p50, double p90, double p99, double max, double? cpuMicroseconds, long errors, string notes) => _load.Add(
    [
        scenario, F(clients), F(ok), F(seconds, "0.0"), F(throughput, "0"), F(p50, "0.00"), F(p90, "0.00"), F(p99, "0.00"), F(max, "0.0"), cpuMicroseconds is { } cpu ? F(cpu, "0") : "–", F(errors), notes,
    ]);

    public void Section(string title, IEnumerable<(string Name, string Value)> rows)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"### {title}").AppendLine().AppendLine("| measure | value |").AppendLine("|---|---|");
        foreach (var (name, value) in rows)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| {name} | {value} |");
        }

        _sections.Add(text.ToString());
    }

    public void Add(Target target) => _targets.Add(target);

    public bool AllTargetsMet => _targets.All(t => t.Met);

    public string ToMarkdown(string header)
    {
        var text = new StringBuilder();
        text.AppendLine(header).AppendLine();
        if (_load.Count > 0)
        {
            text.AppendLine("### Load (HTTP unless noted; latencies in ms)").AppendLine()
                .AppendLine("| scenario | clients | requests | seconds | throughput /s | p50 | p90 | p99 | max | server CPU µs/req | errors | notes |")
                .AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|");
            foreach (var row in _load)
            {
                text.AppendLine("| " + string.Join(" | ", row) + " |");
            }

            text.AppendLine();
        }

        foreach (var section in _sections)
        {
            text.AppendLine(section);
        }

        if (_targets.Count > 0)
        {
            text.AppendLine("### Targets (ratios within this run)").AppendLine()
                .AppendLine("| target | formula | measured | required | met | detail |")
                .AppendLine("|---|---|---:|---:|---|---|");
            foreach (var t in _targets)
            {
                text.AppendLine(CultureInfo.InvariantCulture,
                    $"| {t.Name} | {t.Formula} | {F(t.Measured, "0.00")} | {(t.AtMost ? "≤" : "≥")} {F(t.Required, "0.00")} | {(t.Met ? "yes" : "**no**")} | {t.Detail} |");
            }
        }

        return text.ToString();
    }

    public static string F(double value, string format = "0") => value.ToString(format, CultureInfo.InvariantCulture);

    public static string F(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
