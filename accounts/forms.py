from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _

from accounts import consent
from accounts.enums import OrganisationType
from accounts.models import Organisation, Sanction, User
from accounts.sanctions import ban_length_error
from accounts.tasks import send_email
from accounts.widgets import OrganisationSelect
from programmes.widgets import PlainSelect


class PasswordResetForm(auth_forms.PasswordResetForm):
    """Django's reset form, delivering through the Celery e-mail task."""

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        from django.template import loader

        subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
        body = loader.render_to_string(email_template_name, context)
        send_email.delay(subject=subject, body=body, to=[to_email])


class RegistrationForm(forms.Form):
    """A newcomer: their login, their organisation (chosen, or proposed) and department."""

    username = forms.RegexField(
        label=_("username"),
        regex=r"^[\w.@+-]{3,150}$",
        help_text=_("3–150 letters, digits and @ . + - _"),
    )
    full_name = forms.CharField(label=_("full name"), max_length=150)
    email = forms.EmailField(label=_("e-mail"))
    password1 = forms.CharField(label=_("password"), widget=forms.PasswordInput)
    password2 = forms.CharField(label=_("password again"), widget=forms.PasswordInput)
    organisation = forms.ModelChoiceField(
        label=_("organisation"),
        queryset=Organisation.objects.filter(is_confirmed=True),
        widget=OrganisationSelect,
        required=False,
        help_text=_("Choose yours, or propose it below if it is not listed."),
    )
    new_organisation_name = forms.CharField(
        label=_("propose an organisation (Korean name)"), max_length=200, required=False
    )
    new_organisation_type = forms.ChoiceField(
        label=_("its type"), choices=[("", "—"), *OrganisationType.choices], required=False
    )
    new_organisation_number = forms.RegexField(
        label=_("its business registration number"),
        regex=r"^\d{3}-\d{2}-\d{5}$",
        required=False,
        help_text=_("Written 123-45-67890."),
    )
    department = forms.CharField(label=_("department"), max_length=200, required=False)
    privacy_consent = forms.BooleanField(
        label=_("[Required] I consent to the collection and use of my personal information."),
        error_messages={"required": _("Registration needs your consent to this notice.")},
    )
    terms_consent = forms.BooleanField(
        label=_("[Required] I accept the terms of use."),
        error_messages={"required": _("Registration needs your acceptance of the terms.")},
    )
    # The versions of the texts the newcomer was shown; a stale page is refused, not recorded.
    privacy_version = forms.CharField(widget=forms.HiddenInput, initial=consent.PRIVACY_VERSION)
    terms_version = forms.CharField(widget=forms.HiddenInput, initial=consent.TERMS_VERSION)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password1"].widget.attrs["aria-describedby"] = "password-rules"

    def clean_privacy_version(self):
        return self._current(self.cleaned_data["privacy_version"], consent.PRIVACY_VERSION)

    def clean_terms_version(self):
        return self._current(self.cleaned_data["terms_version"], consent.TERMS_VERSION)

    def _current(self, shown, current):
        if shown != current:
            raise forms.ValidationError(
                _("The notice changed while you were registering: read it again and consent.")
            )
        return shown

    def clean_username(self):
        username = self.cleaned_data["username"]
        if User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(_("This username is taken."))
        return username

    def clean_email(self):
        email = self.cleaned_data["email"].lower()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(_("An account already uses this e-mail address."))
        return email

    def clean_new_organisation_number(self):
        number = self.cleaned_data.get("new_organisation_number", "")
        if number and Organisation.objects.filter(business_number=number).exists():
            raise forms.ValidationError(
                _("This organisation is already registered: choose it from the list.")
            )
        return number

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("password1") and cleaned.get("password1") != cleaned.get("password2"):
            self.add_error("password2", _("The two passwords differ."))
        elif cleaned.get("password1"):
            candidate = User(username=cleaned.get("username", ""), email=cleaned.get("email", ""))
            try:
                password_validation.validate_password(cleaned["password1"], candidate)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        chosen = cleaned.get("organisation")
        proposed = cleaned.get("new_organisation_name", "").strip()
        if chosen and proposed:
            self.add_error(
                "new_organisation_name", _("Choose an organisation or propose one, not both.")
            )
        elif not chosen and not proposed:
            self.add_error("organisation", _("Choose your organisation or propose a new one."))
        elif proposed:
            if not cleaned.get("new_organisation_type"):
                self.add_error("new_organisation_type", _("Give the type of the organisation."))
            if not cleaned.get("new_organisation_number"):
                self.add_error(
                    "new_organisation_number", _("Give the business registration number.")
                )
        return cleaned

    def proposed_organisation(self):
        if self.cleaned_data.get("organisation"):
            return None
        return {
            "name_ko": self.cleaned_data["new_organisation_name"].strip(),
            "type": self.cleaned_data["new_organisation_type"],
            "business_number": self.cleaned_data["new_organisation_number"],
        }


class SanctionForm(forms.ModelForm):
    class Meta:
        model = Sanction
        fields = ["organisation", "starts_on", "ends_on", "reason", "surcharge_won"]
        widgets = {
            "organisation": OrganisationSelect,
            "starts_on": forms.DateInput(attrs={"type": "date"}),
            "ends_on": forms.DateInput(attrs={"type": "date"}),
            "reason": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {"organisation": _("organisation")}
        help_texts = {
            "ends_on": _("The last day of the ban: six months to ten years after it starts."),
            "surcharge_won": _("In won; 0 when no surcharge was imposed."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["surcharge_won"].required = False

    def clean_surcharge_won(self):
        return self.cleaned_data["surcharge_won"] or 0

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts and ends:
            problem = ban_length_error(starts, ends)
            if problem:
                self.add_error("ends_on", problem)
        return cleaned


class OrganisationFilterForm(forms.Form):
    q = forms.CharField(label=_("search"), required=False)
    type = forms.ChoiceField(
        widget=PlainSelect,
        label=_("organisation type"),
        choices=[("", _("all")), *OrganisationType.choices],
        required=False,
    )
    unconfirmed = forms.BooleanField(label=_("waiting for confirmation only"), required=False)
