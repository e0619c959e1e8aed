namespace ClubGrains.Tests.Telemetry;

/// <summary>
/// Tests that read a running API's /metrics. Its meter provider listens to meters by name, process-wide,
/// so it also sees the instruments of every other test host in this process, and when one of those
/// hosts is disposed the metric it shares by name stops being exported (a venue's series vanished from
/// /metrics mid-test, now and then, in full runs). These tests run alone, after the parallel ones.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessWideMeters
{
    public const string Name = "Process-wide meters";
}
