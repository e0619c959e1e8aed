using ClubGrains.Accounts;
using ClubGrains.Common;

namespace ClubGrains.Api.Accounts;

/// <summary>
/// The check of a partner's client id and secret (the token endpoint's, for the client_credentials
/// grant). An unknown or malformed id gets the answer of a wrong secret after the same hashing work,
/// so no answer or delay tells whether a client exists. There is no lockout: secrets are 256 random
/// bits, and a lockout would let anyone who knows a client id lock the partner out.
/// </summary>
public sealed class ClientSignIn(IGrainFactory grains, StaffPasswords passwords)
{
    /// <summary>The actor a token for the client carries when it exists, is enabled and the secret matches; else null.</summary>
    public async Task<Actor?> Check(string? clientId, string? secret)
    {
        var credentials = ClientRules.IsClientId(clientId) ? await grains.GetGrain<IApiClientGrain>(clientId).GetCredentials() : null;
        var matched = passwords.Verify(clientId ?? string.Empty, credentials?.SecretHash, secret);
        return matched && credentials!.Client.Enabled ? ClientRules.ActorOf(credentials.Client) : null;
    }
}
