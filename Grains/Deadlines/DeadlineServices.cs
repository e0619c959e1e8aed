using Microsoft.Extensions.DependencyInjection;

namespace ClubGrains.Deadlines;

public static class DeadlineServices
{
    /// <summary>Registers the start-up wake of the deadlines that fell due while no silo was running.</summary>
    public static IServiceCollection AddOverdueDeadlines(this IServiceCollection services)
    {
        services.AddSingleton<OverdueDeadlines>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(provider => provider.GetRequiredService<OverdueDeadlines>());
        return services;
    }
}
