using InterviewGateway.Infrastructure.Storage;
using InterviewGateway.Timeline;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;

namespace InterviewGateway.Tests;

/// An in-memory timeline recorder for services built by hand in unit tests.
internal static class Timeline
{
    public static TimelineRecorder Recorder(TimeProvider time) => new(
        new InMemoryInterviewTimeline(new RetentionOptions()), new HttpContextAccessor(), time,
        NullLogger<TimelineRecorder>.Instance);
}
