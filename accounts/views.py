from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts import services
from accounts.forms import RegistrationForm


@require_http_methods(["GET", "POST"])
def register(request):
    if request.user.is_authenticated:
        return redirect("home")
    form = RegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        user = services.register_applicant(
            username=data["username"],
            email=data["email"],
            password=data["password1"],
            full_name=data["full_name"],
            organisation=data["organisation"],
            proposed_organisation=form.proposed_organisation(),
            department_name=data["department"],
        )
        return render(request, "registration/register_done.html", {"email": user.email})
    return render(request, "registration/register.html", {"form": form})


def verify_email(request, token):
    try:
        services.verify_email(token)
    except services.VerificationFailed as failure:
        return render(
            request, "registration/verify_failed.html", {"reason": str(failure)}, status=400
        )
    messages.success(request, _("Your e-mail address is confirmed. You can log in now."))
    return redirect("login")
