using InterviewGateway.Delivery;

namespace InterviewGateway.Tests.Delivery;

public sealed class SecretRotationTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Rotation_makes_the_new_secret_current_and_keeps_the_old_one_for_24_hours()
    {
        var rotated = SecretRotation.Rotate([new StoredSecret("old", null)], "new", Now);

        Assert.Equal([new StoredSecret("new", null), new StoredSecret("old", Now.AddHours(24))], rotated);
    }

    [Fact]
    public void Rotating_again_keeps_each_previous_secret_until_its_own_expiry_and_prunes_expired_ones()
    {
        var first = SecretRotation.Rotate([new StoredSecret("a", null)], "b", Now);
        var second = SecretRotation.Rotate(first, "c", Now.AddHours(1));
        Assert.Equal([new StoredSecret("c", null), new StoredSecret("b", Now.AddHours(25)),
            new StoredSecret("a", Now.AddHours(24))], second);

        var third = SecretRotation.Rotate(second, "d", Now.AddHours(24));
        Assert.Equal([new StoredSecret("d", null), new StoredSecret("c", Now.AddHours(48)),
            new StoredSecret("b", Now.AddHours(25))], third);
        Assert.Equal([new StoredSecret("d", null)], SecretRotation.Prune(third, Now.AddDays(3)));
    }
}
