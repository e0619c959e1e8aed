namespace ClubGrains.Common;

/// <summary>The names grains use to reach storage; one provider serves every capability.</summary>
public static class StorageNames
{
    /// <summary>The grain storage provider all ClubGrains state lives in.</summary>
    public const string Club = "club";
}
