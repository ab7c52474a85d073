namespace CreatorLedger.Datasets.Screening;

/// <summary>
/// PDQ's quality (0–100): how much clear structure the 64 × 64 picture has. Each step between neighbours is first
/// truncated to whole percent of the grey range, so many faint gradients (noise, a smooth fade) add up to little.
/// </summary>
internal static class PdqQuality
{
    public static int Of(float[] cells)
    {
        int sum = 0;
        for (int i = 0; i < 63; i++)
            for (int j = 0; j < 64; j++)
                sum += Step(cells[i * 64 + j], cells[(i + 1) * 64 + j]);
        for (int i = 0; i < 64; i++)
            for (int j = 0; j < 63; j++)
                sum += Step(cells[i * 64 + j], cells[i * 64 + j + 1]);
        // 90 is the reference's tuned scale.
        return Math.Min(sum / 90, 100);
    }

    // In float, truncated toward zero, as the reference's int conversion does.
    private static int Step(float u, float v) => Math.Abs((int)((u - v) * 100 / 255f));
}
