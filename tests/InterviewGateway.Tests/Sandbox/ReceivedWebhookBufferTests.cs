using InterviewGateway.Sandbox;

namespace InterviewGateway.Tests.Sandbox;

public sealed class ReceivedWebhookBufferTests
{
    private static ReceivedWebhook Hook(string id, int size = 10) => new(id, 0, true, new string('x', size));

    [Fact]
    public void Each_name_keeps_its_latest_deliveries()
    {
        var buffer = new ReceivedWebhookBuffer(maxNames: 5, perName: 3, maxBytes: 1_000_000, maxBodyBytes: 100);
        for (var i = 0; i < 5; i++)
        {
            buffer.Add("a", Hook($"a{i}"));
        }

        buffer.Add("b", Hook("b0"));

        Assert.Equal(["a2", "a3", "a4"], buffer.Get("a").Select(h => h.WebhookId));
        Assert.Equal(["b0"], buffer.Get("b").Select(h => h.WebhookId));
        Assert.Equal(40, buffer.Bytes);
    }

    [Fact]
    public void A_new_name_past_the_limit_evicts_the_name_with_the_oldest_delivery()
    {
        var buffer = new ReceivedWebhookBuffer(maxNames: 2, perName: 10, maxBytes: 1_000_000, maxBodyBytes: 100);
        buffer.Add("old", Hook("o1"));
        buffer.Add("mid", Hook("m1"));
        buffer.Add("old", Hook("o2"));
        buffer.Add("new", Hook("n1"));

        Assert.Empty(buffer.Get("old"));
        Assert.Single(buffer.Get("mid"));
        Assert.Single(buffer.Get("new"));
        Assert.Equal(2, buffer.Names);
        Assert.Equal(20, buffer.Bytes);
    }

    [Fact]
    public void Bytes_are_bounded_across_names_oldest_first_and_bodies_are_cut()
    {
        var buffer = new ReceivedWebhookBuffer(maxNames: 10, perName: 100, maxBytes: 250, maxBodyBytes: 100);
        buffer.Add("a", Hook("a1", 100));
        buffer.Add("b", Hook("b1", 100));
        buffer.Add("a", Hook("a2", 100));
        buffer.Add("c", Hook("c1", 5000)); // cut to 100

        Assert.Equal(["a2"], buffer.Get("a").Select(h => h.WebhookId));
        Assert.Empty(buffer.Get("b"));
        Assert.Equal(100, buffer.Get("c").Single().Body.Length);
        Assert.Equal(200, buffer.Bytes);
        Assert.Equal(2, buffer.Names);
    }
}
