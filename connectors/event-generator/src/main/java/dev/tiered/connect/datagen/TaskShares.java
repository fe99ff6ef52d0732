package dev.tiered.connect.datagen;

/**
 * How the connector divides its work among tasks. Task {@code i} of {@code n} generates its own sequence
 * {@code 0, 1, 2, ...} of events under the source partition {@code {"seed": seed, "task": i}}.
 */
public final class TaskShares {

    private TaskShares() {
    }

    /**
     * The events task {@code task} of {@code taskCount} generates: {@code maxEvents / taskCount}, plus one for the
     * first {@code maxEvents % taskCount} tasks, so the tasks' shares add up to {@code maxEvents} exactly. Task
     * {@code i} thus generates its events with sequence numbers {@code 0} to {@code share - 1}.
     *
     * @return the share, or {@link EventGeneratorConfig#UNBOUNDED} when {@code maxEvents} is
     */
    public static long maxEventsOfTask(long maxEvents, int taskCount, int task) {
        if (taskCount < 1 || task < 0 || task >= taskCount) {
            throw new IllegalArgumentException("No task " + task + " of " + taskCount);
        }
        if (maxEvents < 0) {
            return EventGeneratorConfig.UNBOUNDED;
        }
        return maxEvents / taskCount + (task < maxEvents % taskCount ? 1 : 0);
    }

    /** Each task's rate: an equal share of the total; 0 (no limit) stays 0. */
    public static double eventsPerSecondOfTask(double eventsPerSecond, int taskCount) {
        if (taskCount < 1) {
            throw new IllegalArgumentException("No tasks: " + taskCount);
        }
        return eventsPerSecond / taskCount;
    }
}
