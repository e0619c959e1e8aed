namespace ClubGrains.Tests.Faults;

/// <summary>
/// The fault scenarios run one at a time: each starts several processes, and two clusters at once on
/// two cores would measure each other's load rather than the fault.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class FaultScenarios
{
    public const string Name = "Faults";
}
