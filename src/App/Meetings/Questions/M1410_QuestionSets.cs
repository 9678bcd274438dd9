using AiScheduler.Functions.Store;

namespace AiScheduler.Functions.Meetings.Questions;

/// <summary>
/// Question sets and their questions (texts and follow-up rules as JSON per language), at most one default set per
/// workspace, and the set a campaign or a meeting names (nullable: none means the campaign's, then the default).
/// The two <c>question_set_id</c> columns are written only by this folder.
/// </summary>
internal sealed class M1410_QuestionSets : PortableMigration
{
    public override int Version => 1410;

    public override string Name => "question sets and questions; campaigns and meetings name a set";

    protected override string Schema => """
        CREATE TABLE question_sets (
            id {uuid} PRIMARY KEY,
            workspace_id {uuid} NOT NULL REFERENCES workspaces (id),
            name {text} NOT NULL,
            description {text} NULL,
            is_default {integer} NOT NULL DEFAULT 0,
            competitors {json} NOT NULL,
            created_at {timestamp} NOT NULL,
            updated_at {timestamp} NOT NULL
        );
        CREATE UNIQUE INDEX ux_question_sets_default ON question_sets (workspace_id) WHERE is_default = 1;
        CREATE TABLE question_set_questions (
            id {uuid} PRIMARY KEY,
            set_id {uuid} NOT NULL REFERENCES question_sets (id) ON DELETE CASCADE,
            workspace_id {uuid} NOT NULL REFERENCES workspaces (id),
            position {integer} NOT NULL,
            question_key {text} NOT NULL,
            dimension {text} NOT NULL,
            text {json} NOT NULL,
            follow_ups {json} NOT NULL,
            created_at {timestamp} NOT NULL,
            updated_at {timestamp} NOT NULL
        );
        CREATE UNIQUE INDEX ux_question_set_questions_key ON question_set_questions (set_id, question_key);
        CREATE INDEX ix_question_set_questions_position ON question_set_questions (set_id, position);
        ALTER TABLE campaigns ADD COLUMN question_set_id {uuid} NULL;
        ALTER TABLE meetings ADD COLUMN question_set_id {uuid} NULL;
        """;
}
