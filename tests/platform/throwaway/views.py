from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from haven.accounts.policies import signed_in_user
from haven.cases.policies import get_case_for


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "throwaway/home.html")


def case_page(request: HttpRequest, reference: str) -> HttpResponse:
    case = get_case_for(signed_in_user(request), reference, request=request)
    return render(request, "throwaway/case.html", {"case": case})
