using ClubGrains.Api.Hosting;
using ClubGrains.Hosting;

namespace ClubGrains.Api;

public sealed class Program
{
    private Program()
    {
    }

    public static async Task<int> Main(string[] args)
    {
        try
        {
            var app = ClubGrainsApi.Build(args);
            await app.RunAsync();
            return 0;
        }
        catch (Exception e) when (ClubGrainsStartupException.Find(e) is { } startup)
        {
            // A start-up problem the operator can fix: say what it is, without a stack trace.
            await Console.Error.WriteLineAsync($"ClubGrains cannot start: {startup.Message}");
            return 2;
        }
    }
}
