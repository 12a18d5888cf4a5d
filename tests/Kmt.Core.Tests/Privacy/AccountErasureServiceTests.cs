using Kmt.Core.Common;
using Kmt.Core.Privacy;
using Kmt.Core.Tests.Fakes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Moq;
using static Kmt.Core.Tests.Fakes.TestSupport;

namespace Kmt.Core.Tests.Privacy;

public class AccountErasureServiceTests
{
    private readonly FakeTimeProvider _clock = Clock();
    private readonly InMemoryPrivacyStore _privacy = new();
    private readonly Mock<IUserDataEraser> _eraser = new(MockBehavior.Strict);
    private readonly AccountErasureService _service;

    public AccountErasureServiceTests() =>
        _service = new AccountErasureService(_privacy, _eraser.Object, Options(new PrivacyOptions { ErasureRetryAfter = TimeSpan.FromMinutes(5) }), _clock, NullLogger<AccountErasureService>.Instance);

    [Fact]
    public async Task The_job_record_is_written_before_anything_is_erased_and_completed_after()
    {
        _eraser.Setup(e => e.EraseAsync("u1", It.IsAny<CancellationToken>()))
            .Returns(() =>
            {
                // While the adapter erases, the record says "started, not done".
                var during = _privacy.Erasures["u1"];
                Assert.Null(during.CompletedAt);
                Assert.Equal(1, during.Attempts);
                return Task.CompletedTask;
            });

        await _service.EraseAsync("u1", CancellationToken.None);

        var done = _privacy.Erasures["u1"];
        Assert.Equal(Start, done.RequestedAt);
        Assert.Equal(Start, done.CompletedAt);
    }

    [Fact]
    public async Task An_erasure_that_crashed_midway_is_finished_by_the_sweep_once_it_is_due()
    {
        var calls = 0;
        _eraser.Setup(e => e.EraseAsync("u1", It.IsAny<CancellationToken>()))
            .Returns(() => ++calls == 1 ? Task.FromException(new IOException("worker stopped")) : Task.CompletedTask);

        await Assert.ThrowsAsync<IOException>(() => _service.EraseAsync("u1", CancellationToken.None));
        Assert.Null(_privacy.Erasures["u1"].CompletedAt);

        // Not yet due: a request in flight is not taken over.
        _clock.Advance(TimeSpan.FromMinutes(4));
        Assert.Equal(0, await _service.FinishUnfinishedAsync(10, CancellationToken.None));

        _clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(1, await _service.FinishUnfinishedAsync(10, CancellationToken.None));
        Assert.Equal(2, calls);
        Assert.Equal(2, _privacy.Erasures["u1"].Attempts);
        Assert.NotNull(_privacy.Erasures["u1"].CompletedAt);
        Assert.Equal(0, await _service.FinishUnfinishedAsync(10, CancellationToken.None));
    }

    [Fact]
    public async Task A_retried_delete_resumes_the_unfinished_job_instead_of_starting_a_new_one()
    {
        var calls = 0;
        _eraser.Setup(e => e.EraseAsync("u1", It.IsAny<CancellationToken>()))
            .Returns(() => ++calls == 1 ? Task.FromException(new IOException("worker stopped")) : Task.CompletedTask);
        await Assert.ThrowsAsync<IOException>(() => _service.EraseAsync("u1", CancellationToken.None));

        _clock.Advance(TimeSpan.FromSeconds(30));
        await _service.EraseAsync("u1", CancellationToken.None);

        Assert.Equal(Start, _privacy.Erasures["u1"].RequestedAt);
        Assert.Equal(2, _privacy.Erasures["u1"].Attempts);
    }
}
