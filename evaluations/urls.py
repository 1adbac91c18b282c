from django.urls import path

from .views import colleague, confirm, head, person, printing, review

app_name = "evaluations"

urlpatterns = [
    # The person
    path("", person.MyEvaluationsView.as_view(), name="my_list"),
    path("<int:pk>/tu-danh-gia/", person.SelfAssessmentView.as_view(), name="self_form"),
    path("<int:pk>/tu-danh-gia/gui/", confirm.SelfSubmitView.as_view(), name="self_submit"),
    path("<int:pk>/ket-qua/", person.ResultView.as_view(), name="result"),
    path("<int:pk>/da-xem/", person.AcknowledgeView.as_view(), name="acknowledge"),
    path("ket-qua/<int:cycle_pk>/", person.PublishedResultsView.as_view(), name="published"),
    # Colleagues
    path("dong-nghiep/", colleague.ColleagueListView.as_view(), name="colleague_list"),
    path(
        "<int:pk>/dong-nghiep/", colleague.ColleagueAssessmentView.as_view(), name="colleague_form"
    ),
    path(
        "<int:pk>/dong-nghiep/gui/", confirm.ColleagueSubmitView.as_view(), name="colleague_submit"
    ),
    # The head
    path("don-vi/", head.HeadListView.as_view(), name="head_list"),
    path("don-vi/<int:cycle_pk>/nhac-nho/", head.RemindersView.as_view(), name="reminders"),
    path("don-vi/<int:cycle_pk>/cong-bo/", confirm.PublishAllView.as_view(), name="publish_all"),
    path(
        "don-vi/<int:cycle_pk>/hop-tap-the/",
        head.CollectiveReviewView.as_view(),
        name="collective",
    ),
    path("<int:pk>/chon-dong-nghiep/", head.ColleaguesPickView.as_view(), name="colleagues_pick"),
    path("<int:pk>/thu-truong/", head.HeadAssessmentView.as_view(), name="head_form"),
    path("<int:pk>/thu-truong/gui/", confirm.HeadSubmitView.as_view(), name="head_submit"),
    path("<int:pk>/xem-xet/", review.ReviewView.as_view(), name="review"),
    path("<int:pk>/bat-dau-xem-xet/", confirm.SendToHeadView.as_view(), name="send_to_head"),
    path("<int:pk>/ket-luan/", review.ConcludeView.as_view(), name="conclude"),
    path("<int:pk>/ky-duyet/", confirm.SignOffView.as_view(), name="sign_off"),
    path("<int:pk>/tra-lai/", confirm.ReturnView.as_view(), name="return"),
    path("<int:pk>/cong-bo/", confirm.PublishView.as_view(), name="publish"),
    path("<int:pk>/mo-lai/", confirm.ReopenView.as_view(), name="reopen"),
    # Printing
    path("<int:pk>/in/", printing.PrintView.as_view(), name="print"),
    path("xac-minh/<str:code>/", printing.VerifyView.as_view(), name="verify"),
]
