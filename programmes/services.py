from django.db import transaction


@transaction.atomic
def save_call(call_form, stage_formset, *, by):
    """Create or update a call and its stages together; history records `by` as the author."""
    call = call_form.save(commit=False)
    call._history_user = by
    call.save()
    stage_formset.instance = call
    for stage in stage_formset.save(commit=False):
        stage._history_user = by
        stage.save()
    for stage in stage_formset.deleted_objects:
        stage.delete()
    return call


@transaction.atomic
def save_programme(programme_form, budget_formset, *, by):
    """Create or update a programme and its yearly budgets; history records `by`."""
    programme = programme_form.save(commit=False)
    programme._history_user = by
    programme.save()
    budget_formset.instance = programme
    for budget in budget_formset.save(commit=False):
        budget._history_user = by
        budget.save()
    for budget in budget_formset.deleted_objects:
        budget.delete()
    return programme
