using ClubGrains.Accounts;
using ClubGrains.Api.Hosting;
using Microsoft.Extensions.Options;

namespace ClubGrains.Api.Accounts;

/// <summary>
/// The sign-in check of a staff login and password (the token endpoint's password grant).
/// Unknown logins and wrong passwords give one answer after the same hashing work, so no answer or
/// delay tells whether a login exists. Failures are counted by the login's grain, held or not.
/// </summary>
public sealed class StaffSignIn(IGrainFactory grains, StaffPasswords passwords, IOptions<AccountSettings> settings)
{
    public async Task<SignInResult> Check(string login, string password)
    {
        var account = AccountRules.IsLogin(login) ? grains.GetGrain<IStaffAccountGrain>(login) : null;
        var credentials = account is null ? null : await account.GetCredentials();
        var matched = passwords.Verify(login, credentials?.PasswordHash, password);
        return account is null ? SignInResult.Invalid : await account.RecordSignIn(matched, settings.Value.SignInPolicy);
    }
}
