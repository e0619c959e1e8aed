using ClubGrains.Api.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ClubGrains.Tests.Accounts;

/// <summary>The account settings: defaults, and a bad value stops start-up naming the setting.</summary>
public sealed class AccountSettingsTests
{
    private static IServiceProvider Services(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddClubGrainsAccounts(configuration).BuildServiceProvider();
    }

    [Fact]
    public void The_defaults_are_ten_characters_five_failures_and_fifteen_minutes()
    {
        var settings = Services([]).GetRequiredService<IOptions<AccountSettings>>().Value;
        Assert.Equal((10, 5, 15), (settings.MinimumPasswordLength, settings.MaxFailedSignIns, settings.LockoutMinutes));
        Assert.Equal(TimeSpan.FromMinutes(15), settings.SignInPolicy.Lockout);
    }

    [Fact]
    public void Bad_settings_fail_the_start_up_validation_naming_each()
    {
        var services = Services(new()
        {
            ["ClubGrains:Accounts:MinimumPasswordLength"] = "4",
            ["ClubGrains:Accounts:MaxFailedSignIns"] = "0",
            ["ClubGrains:Accounts:LockoutMinutes"] = "100000",
        });

        var failed = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IStartupValidator>().Validate());

        Assert.Equal(3, failed.Failures.Count());
        Assert.Contains(failed.Failures, f => f.Contains("ClubGrains:Accounts:MinimumPasswordLength", StringComparison.Ordinal));
        Assert.Contains(failed.Failures, f => f.Contains("ClubGrains:Accounts:MaxFailedSignIns", StringComparison.Ordinal));
        Assert.Contains(failed.Failures, f => f.Contains("ClubGrains:Accounts:LockoutMinutes", StringComparison.Ordinal));
    }
}
