using System.Globalization;

namespace ClubGrains.Bench;

public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        try
        {
            switch (args.FirstOrDefault())
            {
                case Baselines.ServeBare:
                    return await Baselines.RunBare(Cli.Parse(args.Skip(1)));
                case Baselines.ServeGrain:
                    return await Baselines.RunGrain(Cli.Parse(args.Skip(1)));
                case Baselines.RawStore:
                    return await Baselines.RunRawStore(Cli.Parse(args.Skip(1)));
            }

            var cli = Cli.Parse(args);
            if (cli.Flag("help"))
            {
                Console.WriteLine(DriverSettings.Usage);
                return 0;
            }

            var settings = DriverSettings.From(cli);
            var header = Machine.Describe(settings);
            var report = new Report();
            var driver = new Driver(settings, report, Console.Error);
            await driver.Run();
            var markdown = report.ToMarkdown(header + Environment.NewLine + Environment.NewLine + $"Load average at the end: {Machine.LoadAverage()}.");
            Console.WriteLine(markdown);
            if (settings.MarkdownPath is { } path)
            {
                await File.WriteAllTextAsync(path, markdown);
            }

            foreach (var failure in driver.Failures)
            {
                await Console.Error.WriteLineAsync("FAILED: " + failure);
            }

            return driver.Failures.Count == 0 ? 0 : 1;
        }
        catch (ArgumentException e)
        {
            await Console.Error.WriteLineAsync($"{e.Message}\n{DriverSettings.Usage}");
            return 2;
        }
    }
}

/// <summary>The machine a run measured, as results.md must state it.</summary>
internal static class Machine
{
    public static string Describe(DriverSettings settings)
    {
        var cpu = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown"
            : "unknown";
        var memory = File.Exists("/proc/meminfo")
            ? File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown"
            : "unknown";
        return string.Create(CultureInfo.InvariantCulture,
            $"Run of {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC{(settings.Smoke ? " (smoke sizes)" : string.Empty)}: {Environment.ProcessorCount} CPUs ({cpu}), " +
            $"memory {memory}, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}, {Paths.Configuration} build; " +
            $"{(settings.ServiceSettings.Count > 0 ? $"service settings {string.Join("; ", settings.ServiceSettings)}; " : string.Empty)}{settings.Clients} clients, {settings.Duration.TotalSeconds:0} s measured after {settings.Warmup.TotalSeconds:0} s of warm-up per phase; " +
            $"load average at the start: {LoadAverage()}.");
    }

    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";
}
