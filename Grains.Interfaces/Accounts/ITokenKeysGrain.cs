namespace ClubGrains.Accounts;

/// <summary>
/// The keys of the chain's token endpoint, made once and kept in the cluster's storage, so every API
/// process signs and validates with the same keys (key: <see cref="TokenKeyMaterial.Chain"/>).
/// </summary>
[Alias("clubgrains.ITokenKeysGrain")]
public interface ITokenKeysGrain : IGrainWithStringKey
{
    /// <summary>The keys; made and stored at the first call.</summary>
    [Alias("GetOrCreate")]
    Task<TokenKeyMaterial> GetOrCreate();
}
