import pytest

from cnn_timelapse import RecorderError, Schedule, snapshot_steps


def test_every_case_of_the_shared_table(shared_schedule_cases):
    assert len(shared_schedule_cases) >= 9
    for case in shared_schedule_cases:
        got = snapshot_steps(case["batches_per_epoch"], case["epochs"], **case["snapshots"])
        assert got == case["expected_steps"], case


def test_is_snapshot_agrees_with_the_list_and_goes_on_without_epochs(shared_schedule_cases):
    for case in shared_schedule_cases:
        b, e = case["batches_per_epoch"], case["epochs"]
        bounded = Schedule(b, e, **case["snapshots"])
        assert [s for s in range(b * e + 3) if bounded.is_snapshot(s)] == case["expected_steps"]
        if case["snapshots"].get("every") != "steps":
            open_ended = Schedule(b, None, **case["snapshots"])
            assert [s for s in range(b * e + 1) if open_ended.is_snapshot(s)] == case["expected_steps"]
            assert open_ended.is_snapshot(b * (e + 1))


def test_the_default_fashion_mnist_run_has_23_snapshots_14_before_the_first_epoch_ends():
    steps = snapshot_steps(938, 3)
    assert len(steps) == 23 and len([s for s in steps if s < 938]) == 14
    assert Schedule(938).is_epoch_end(0) and Schedule(938).is_epoch_end(1876) and not Schedule(938).is_epoch_end(469)


@pytest.mark.parametrize("kwargs, words", [
    (dict(batches_per_epoch=0), "batches_per_epoch=0"),
    (dict(batches_per_epoch=10, every="epochs"), "did you mean 'epoch'"),
    (dict(batches_per_epoch=10, growth=1.0), "growth=1.0"),
    (dict(batches_per_epoch=10, per_epoch=0), "per_epoch=0"),
    (dict(batches_per_epoch=10, epochs=2, every="steps", steps=[5, 21]), "steps entry 21 is outside 1…20"),
])
def test_bad_schedules_are_named(kwargs, words):
    with pytest.raises(RecorderError, match=words):
        Schedule(**kwargs)
