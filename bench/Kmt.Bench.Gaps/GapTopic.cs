/// <summary>One synthetic topic: items held, weekly demand before the as-of (oldest first), demand events after it and their expectation.</summary>
internal sealed record GapTopic(string Id, int Holdings, double[] Series, int Future, double ExpectedFuture);
