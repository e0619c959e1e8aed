namespace ClubGrains.Tests.Infrastructure;

/// <summary>Where the repository and the built programs are, seen from the test assembly's folder.</summary>
public static class Repository
{
    public static string Root { get; } = FindRoot();

    /// <summary>The test build's configuration (Release under ./test.sh): the programs were built with it.</summary>
    public static string Configuration { get; } = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;

    public static string Program(string project, string assembly)
    {
        var path = Path.Combine(Root, project, "bin", Configuration, "net10.0", assembly);
        Assert.True(File.Exists(path), $"{path} is missing: the test project builds it (ProjectReference).");
        return path;
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ClubGrains.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No ClubGrains.sln above {AppContext.BaseDirectory}.");
    }
}
