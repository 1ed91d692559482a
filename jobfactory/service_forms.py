"""One way for a page to hand a valid form to a service and show what the service refused."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render


def add_service_error(form, error: ValidationError) -> None:
    """Put a service's refusal on the form: on its field when it names one."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def form_to_service(request, form, apply, *, success_message, success_url, template, context):
    """Validate, call the service, then redirect on success or show the form with its errors."""
    if request.method == "POST" and form.is_valid():
        try:
            apply(form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, success_message)
            return redirect(success_url)
    return render(request, template, {"form": form, **context})
