using AiScheduler.Functions.Http;
using Microsoft.Azure.Functions.Worker.Http;

namespace AiScheduler.Functions.Meetings;

/// <summary>
/// The question sets routes (<c>/api/question-sets</c>), naming a meeting's or campaign's set, and the meeting's
/// personalised questions and transcript. Each function runs the self-host's endpoint of the same name
/// (<see cref="ApiRoutes"/>) on the same route.
/// </summary>
public sealed class QuestionSetsHttp(ApiRoutes routes)
{
    [Function(nameof(ListQuestionSets))]
    public IResult ListQuestionSets([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/question-sets")] HttpRequest request) =>
        routes.Run(request);

    [Function(nameof(CreateQuestionSet))]
    public IResult CreateQuestionSet([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/question-sets")] HttpRequest request) =>
        routes.Run(request);

    [Function(nameof(GetQuestionSet))]
    public IResult GetQuestionSet([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/question-sets/{id:guid}")] HttpRequest request) =>
        routes.Run(request);

    [Function(nameof(UpdateQuestionSet))]
    public IResult UpdateQuestionSet([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "api/question-sets/{id:guid}")] HttpRequest request) =>
        routes.Run(request);

    [Function(nameof(DeleteQuestionSet))]
    public IResult DeleteQuestionSet([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "api/question-sets/{id:guid}")] HttpRequest request) =>
        routes.Run(request);

    [Function(nameof(AddQuestion))]
    public IResult AddQuestion([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/question-sets/{id:guid}/questions")] HttpRequest request) =>
        routes.Run(request);

    [Function(nameof(ReorderQuestions))]
    public IResult ReorderQuestions(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "api/question-sets/{id:guid}/questions/order")] HttpRequest request) =>
        routes.Run(request);

    [Function(nameof(EditQuestion))]
    public IResult EditQuestion(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "api/question-sets/{id:guid}/questions/{questionId:guid}")] HttpRequest request) =>
        routes.Run(request);

    [Function(nameof(RemoveQuestion))]
    public IResult RemoveQuestion(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "api/question-sets/{id:guid}/questions/{questionId:guid}")] HttpRequest request) =>
        routes.Run(request);

    [Function(nameof(SetMeetingQuestionSet))]
    public IResult SetMeetingQuestionSet(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "api/meetings/{id:guid}/question-set")] HttpRequest request) =>
        routes.Run(request);

    [Function(nameof(SetCampaignQuestionSet))]
    public IResult SetCampaignQuestionSet(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "api/campaigns/{id:guid}/question-set")] HttpRequest request) =>
        routes.Run(request);

    [Function(nameof(GetMeetingQuestions))]
    public IResult GetMeetingQuestions([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/meetings/{id:guid}/questions")] HttpRequest request) =>
        routes.Run(request);

    [Function(nameof(GetMeetingTranscript))]
    public IResult GetMeetingTranscript(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/meetings/{id:guid}/transcript")] HttpRequest request) =>
        routes.Run(request);
}
