using ClubGrains.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace ClubGrains.Tests.Hosting;

/// <summary>ClubGrains:Cluster:* failure detection and timeouts: Orleans' defaults unless set, set values applied, bad values stop start-up.</summary>
public sealed class ClusterOptionsTests
{
    [Fact]
    public void Unset_failure_detection_keeps_orleans_defaults_and_the_response_timeout_is_ten_seconds()
    {
        var (membership, messaging) = Resolve(new Dictionary<string, string?>());
        var orleans = new ClusterMembershipOptions();
        Assert.Equal(
            (orleans.ProbeTimeout, orleans.NumMissedProbesLimit, orleans.NumVotesForDeathDeclaration, orleans.TableRefreshTimeout, orleans.IAmAliveTablePublishTimeout, orleans.DeathVoteExpirationTimeout),
            (membership.ProbeTimeout, membership.NumMissedProbesLimit, membership.NumVotesForDeathDeclaration, membership.TableRefreshTimeout, membership.IAmAliveTablePublishTimeout, membership.DeathVoteExpirationTimeout));
        Assert.Equal(TimeSpan.FromSeconds(10), messaging.ResponseTimeout);
    }

    [Fact]
    public void Set_failure_detection_values_and_the_response_timeout_reach_orleans()
    {
        var (membership, messaging) = Resolve(new Dictionary<string, string?>
        {
            ["ClubGrains:Cluster:FailureDetection:ProbeTimeout"] = "00:00:02",
            ["ClubGrains:Cluster:FailureDetection:NumMissedProbesLimit"] = "3",
            ["ClubGrains:Cluster:FailureDetection:NumVotesForDeathDeclaration"] = "1",
            ["ClubGrains:Cluster:FailureDetection:TableRefreshTimeout"] = "00:00:05",
            ["ClubGrains:Cluster:FailureDetection:IAmAliveTablePublishTimeout"] = "00:00:06",
            ["ClubGrains:Cluster:FailureDetection:DeathVoteExpirationTimeout"] = "00:00:40",
            ["ClubGrains:Cluster:ResponseTimeout"] = "00:00:04",
        });
        Assert.Equal(
            (TimeSpan.FromSeconds(2), 3, 1, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(6), TimeSpan.FromSeconds(40)),
            (membership.ProbeTimeout, membership.NumMissedProbesLimit, membership.NumVotesForDeathDeclaration, membership.TableRefreshTimeout, membership.IAmAliveTablePublishTimeout, membership.DeathVoteExpirationTimeout));
        Assert.Equal(TimeSpan.FromSeconds(4), messaging.ResponseTimeout);
    }

    [Fact]
    public void Bad_cluster_timings_stop_start_up_naming_each_key()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ClubGrains:Cluster:ResponseTimeout"] = "00:00:00.2",
            ["ClubGrains:Cluster:GatewayListRefreshPeriod"] = "00:00:00",
            ["ClubGrains:Cluster:FailureDetection:ProbeTimeout"] = "00:00:00.1",
            ["ClubGrains:Cluster:FailureDetection:NumMissedProbesLimit"] = "0",
            ["ClubGrains:Cluster:FailureDetection:NumVotesForDeathDeclaration"] = "4",
            ["ClubGrains:Cluster:FailureDetection:TableRefreshTimeout"] = "00:30:00",
            ["ClubGrains:Cluster:FailureDetection:IAmAliveTablePublishTimeout"] = "00:00:00",
            ["ClubGrains:Cluster:FailureDetection:DeathVoteExpirationTimeout"] = "00:00:01",
        }).Build();
        var message = Assert.Throws<ClubGrainsStartupException>(() => ClubGrainsOptions.From(configuration)).Message;
        foreach (var key in new[] { "ResponseTimeout", "GatewayListRefreshPeriod", "FailureDetection:ProbeTimeout", "NumMissedProbesLimit", "NumVotesForDeathDeclaration", "TableRefreshTimeout", "IAmAliveTablePublishTimeout", "DeathVoteExpirationTimeout must be between" })
        {
            Assert.Contains(key, message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Votes_that_expire_before_enough_probes_are_missed_are_refused()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ClubGrains:Cluster:FailureDetection:ProbeTimeout"] = "00:00:10",
            ["ClubGrains:Cluster:FailureDetection:NumMissedProbesLimit"] = "3",
            ["ClubGrains:Cluster:FailureDetection:DeathVoteExpirationTimeout"] = "00:00:20",
        }).Build();
        var message = Assert.Throws<ClubGrainsStartupException>(() => ClubGrainsOptions.From(configuration)).Message;
        Assert.Contains("DeathVoteExpirationTimeout must be longer than ProbeTimeout × NumMissedProbesLimit", message, StringComparison.Ordinal);
    }

    private static (ClusterMembershipOptions Membership, SiloMessagingOptions Messaging) Resolve(Dictionary<string, string?> settings)
    {
        using var folder = new Infrastructure.TempFolder();
        foreach (var (key, value) in Infrastructure.TestSilo.SqliteSettings(folder.File("club.db")))
        {
            settings.TryAdd(key, value);
        }

        using var host = Infrastructure.TestSilo.Build(settings);
        return (host.Services.GetRequiredService<IOptions<ClusterMembershipOptions>>().Value, host.Services.GetRequiredService<IOptions<SiloMessagingOptions>>().Value);
    }
}
