using ClubGrains.Hosting;
using Microsoft.Extensions.Hosting;

namespace ClubGrains.Silo;

/// <summary>A headless silo for a cluster: the same grains and ClubGrains:* settings as the API's embedded silo.</summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        try
        {
            var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args, ContentRootPath = AppContext.BaseDirectory });
            builder.UseOrleans(silo => silo.UseClubGrains(builder.Configuration));
            using var host = builder.Build();
            await host.RunAsync();
            return 0;
        }
        catch (Exception e) when (ClubGrainsStartupException.Find(e) is { } startup)
        {
            await Console.Error.WriteLineAsync($"ClubGrains silo cannot start: {startup.Message}");
            return 2;
        }
    }
}
