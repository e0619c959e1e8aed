namespace ClubGrains.Common;

/// <summary>
/// The system actor is decided inside the silo: only a grain may hand it to another grain. A call
/// from outside every grain (an API process, the co-hosted client, any client of the cluster) that
/// carries it is refused before the grain sees it, so no token, however it was minted or mapped, can
/// become the actor every grant and role check lets through.
/// </summary>
public sealed class SystemActorGuard : IIncomingGrainCallFilter
{
    public Task Invoke(IIncomingGrainCallContext context)
    {
        if (context.SourceId is not { } source || source.IsClient())
        {
            var request = context.Request;
            for (var i = 0; i < request.GetArgumentCount(); i++)
            {
                if (request.GetArgument(i) is Actor { IsSystem: true })
                {
                    throw new UnauthorizedAccessException(
                        $"{context.InterfaceMethod?.Name ?? "A grain call"} from outside the silo named the system actor; only grains act as the system.");
                }
            }
        }

        return context.Invoke();
    }
}
