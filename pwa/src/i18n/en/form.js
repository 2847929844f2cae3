// The form renderer's words, shared by the field app's form screen and the customer page.
// en; keys are namespaced "form.<name>" and must match the other languages.
export default {
  'form.submit': 'Submit',
  'form.na': 'N/A',
  'form.na_label': 'Not applicable',
  'form.required': 'required',
  'form.optional': 'optional',
  'form.yes': 'Yes',
  'form.no': 'No',
  'form.clear': 'Clear',
  'form.missing_title': 'Required questions not answered yet',
  'form.take_photo': 'Take photo',
  'form.remove_photo': 'Remove photo {n}',
  'form.photo_n': 'Photo {n}',
  'form.photo_count': '{n} photo(s), {min}–{max} needed',
  'form.processing_photo': 'Processing photo…',
  'form.photo_failed': 'The photo could not be read.',
  'form.number_range': 'Between {min} and {max}',
  'form.choose_photo': 'Choose from gallery',
  'form.flagged': 'HR: please check',
};
