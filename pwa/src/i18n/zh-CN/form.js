// The form renderer's words, shared by the field app's form screen and the customer page.
// zh-CN; keys are namespaced "form.<name>" and must match the other languages.
export default {
  'form.submit': '提交',
  'form.na': '不适用',
  'form.na_label': '不适用',
  'form.required': '必答',
  'form.optional': '选答',
  'form.yes': '是',
  'form.no': '否',
  'form.clear': '清除',
  'form.missing_title': '以下必答题尚未作答',
  'form.take_photo': '拍照',
  'form.remove_photo': '删除照片 {n}',
  'form.photo_n': '照片 {n}',
  'form.photo_count': '已有 {n} 张，需要 {min}–{max} 张',
  'form.processing_photo': '正在处理照片…',
  'form.photo_failed': '无法读取该照片。',
  'form.number_range': '范围 {min} – {max}',
  'form.choose_photo': '从相册选择',
  'form.flagged': 'HR 请您复核',
};
