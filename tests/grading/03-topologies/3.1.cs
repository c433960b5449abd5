// Hidden tests of exercise 3.1 (matching tasks to topologies); half a point per task.
[GradedTest(
    1,
    Message = "(a) sentiment reads a whole review and gives one label; (b) a caption unfolds one vector into words."
)]
void Choose_SentimentAndCaption_AreRight()
{
    var answers = Choose();
    Check.Equal(4, answers.Length, "number of answers");
    Check.Equal(Topology.ManyToOne, answers[0], "(a) sentiment");
    Check.Equal(Topology.OneToMany, answers[1], "(b) captioning");
}

[GradedTest(
    1,
    Message = "(c) tagging emits one tag per word; (d) translation's output has its own length and order."
)]
void Choose_TaggingAndTranslation_AreRight()
{
    var answers = Choose();
    Check.Equal(4, answers.Length, "number of answers");
    Check.Equal(Topology.ManyToManyAligned, answers[2], "(c) part-of-speech tagging");
    Check.Equal(Topology.ManyToManyUnaligned, answers[3], "(d) translation");
}
