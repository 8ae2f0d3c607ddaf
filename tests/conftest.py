"""Settings of the whole suite."""

from hypothesis import settings

# Examples are judged by what they find, never by how long they take: the suite runs in
# parallel on shared cores, where a wall-clock deadline fails honest tests at random.
settings.register_profile("suite", deadline=None)
settings.load_profile("suite")
