namespace Kmt.Core.Common;

/// <summary>
/// For writes the client did not make conditional (no If-Match): a concurrent writer changing the
/// ETag between our read and our write is not the client's problem, so re-read and try again.
/// </summary>
internal static class ConcurrencyRetry
{
    private const int MaxAttempts = 3;

    public static async Task<T> RunAsync<T>(Func<Task<T>> readModifyWrite)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await readModifyWrite();
            }
            catch (KmtException e) when (e.Code == ErrorCode.PreconditionFailed && attempt < MaxAttempts)
            {
            }
        }
    }

    public static Task RunAsync(Func<Task> readModifyWrite) => RunAsync(async () =>
    {
        await readModifyWrite();
        return true;
    });
}
