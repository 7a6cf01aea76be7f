namespace InterviewGateway.Contracts;

internal enum Speaker
{
    Interviewer,
    Participant,
}
