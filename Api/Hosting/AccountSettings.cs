using System.Globalization;
using ClubGrains.Accounts;
using Microsoft.Extensions.Options;

namespace ClubGrains.Api.Hosting;

/// <summary>The <c>ClubGrains:Accounts:*</c> settings: password length and the lockout after failed sign-ins.</summary>
public sealed class AccountSettings
{
    public const string Section = "ClubGrains:Accounts";

    public int MinimumPasswordLength { get; set; } = 10;

    public int MaxFailedSignIns { get; set; } = 5;

    public int LockoutMinutes { get; set; } = 15;

    public SignInPolicy SignInPolicy => new(MaxFailedSignIns, TimeSpan.FromMinutes(LockoutMinutes));
}

/// <summary>Checked when the host starts (ValidateOnStart): a bad setting stops start-up naming each problem.</summary>
public sealed class AccountSettingsValidation : IValidateOptions<AccountSettings>
{
    public ValidateOptionsResult Validate(string? name, AccountSettings options)
    {
        var problems = new List<string>();
        Check(problems, "MinimumPasswordLength", options.MinimumPasswordLength, 8, ClubGrains.Common.Limits.Password);
        Check(problems, "MaxFailedSignIns", options.MaxFailedSignIns, 1, 100);
        Check(problems, "LockoutMinutes", options.LockoutMinutes, 1, 24 * 60);
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    private static void Check(List<string> problems, string key, int value, int min, int max)
    {
        if (value < min || value > max)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"{AccountSettings.Section}:{key} must be between {min} and {max}, not {value}."));
        }
    }
}

public static class AccountHosting
{
    /// <summary>The account settings (validated at start), the password hasher and the sign-in checks of staff and partner clients.</summary>
    public static IServiceCollection AddClubGrainsAccounts(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AccountSettings>().Bind(configuration.GetSection(AccountSettings.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AccountSettings>, AccountSettingsValidation>();
        services.AddSingleton<Microsoft.AspNetCore.Identity.IPasswordHasher<string>, Microsoft.AspNetCore.Identity.PasswordHasher<string>>();
        services.AddSingleton<Accounts.StaffPasswords>();
        services.AddSingleton<Accounts.StaffSignIn>();
        services.AddSingleton<Accounts.ClientSignIn>();
        return services;
    }
}
